import { defineConfig } from "vitest/config";

// The simulator uses no decorators and no reflect-metadata.
export default defineConfig({
  test: { testTimeout: 120_000, include: ["src/**/*.test.ts"] },
});
