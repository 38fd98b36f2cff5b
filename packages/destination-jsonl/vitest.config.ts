import { defineConfig } from "vitest/config";

// No decorators and no reflect-metadata here: the kernel loads the polyfill where it uses tsyringe.
export default defineConfig({
  test: { testTimeout: 120_000, hookTimeout: 120_000 },
});
