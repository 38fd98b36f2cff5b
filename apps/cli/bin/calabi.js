#!/usr/bin/env -S node --max-semi-space-size=8
// The shebang's flag and heap.js: memory settings, see README "Memory".
import v8 from "node:v8";
import { tuneHeap } from "./heap.js";

tuneHeap(process.env, v8);
// Load the built CLI; if that fails (not built, broken install), say so in one line, not a stack trace.
import("../dist/main.js").catch((error) => {
  process.stderr.write(
    `calabi: cannot start: ${String(error?.message ?? error).split("\n")[0]} (is @calabi/cli built and installed? set CALABI_DEBUG=1 for details)\n`,
  );
  if (process.env.CALABI_DEBUG && error?.stack) process.stderr.write(error.stack + "\n");
  process.exit(1);
});
