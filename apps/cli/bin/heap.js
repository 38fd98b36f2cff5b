// Memory settings of the calabi process (see README, "Memory").
//
// A sync parses a page of up to 1,000 records (~10 MB of objects) every few milliseconds and drops
// it once written. With V8's defaults the young generation is 32 MB and the old generation may grow
// to several times what is live before it is collected, so most of a sync's resident memory is
// garbage waiting to be collected. Two settings keep it close to what is live, at little CPU cost:
// - `--max-semi-space-size=8` (MB): a young generation of 16 MB instead of 32 MB (2 MB saved a
//   little more memory but cost a quarter more CPU in garbage collection; 8 costs none measurable,
//   see BENCHMARKS.md). It must be given when Node starts, so
//   it is in the shebang of bin/calabi.js (and in the image's entrypoint.sh): it applies when the
//   `calabi` command is run, not under `node bin/calabi.js`.
// - `--heap-growing-percent=100`: the old generation may grow to twice what survived the last full
//   collection (instead of up to 4x). V8 reads it at every collection, so it is set here at run time.
// Neither limits how large the heap may get: a 128 MiB page (the largest response the HTTP client
// accepts) is parsed as before. CALABI_HEAP=default leaves V8's defaults (for comparison).

/** The flags set at run time, unless `env.CALABI_HEAP` is "default"; returns what was set. */
export function tuneHeap(env, v8) {
  if (env.CALABI_HEAP === "default") return [];
  const flags = ["--heap-growing-percent=100"];
  for (const flag of flags) v8.setFlagsFromString(flag);
  return flags;
}

/** What the shebang of bin/calabi.js passes to Node (kept equal by a test). */
export const STARTUP_FLAGS = ["--max-semi-space-size=8"];
