import { defineConfig } from "vitest/config";

export default defineConfig({
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  test: { setupFiles: ["reflect-metadata"], testTimeout: 120_000, hookTimeout: 120_000 },
});
