import { defineConfig } from "vitest/config";

// No decorators: src/container.ts loads reflect-metadata itself, before tsyringe.
export default defineConfig({
  test: { testTimeout: 120_000, hookTimeout: 120_000 },
});
