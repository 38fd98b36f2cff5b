/**
 * Stream names become file names, so a name chosen by a source (or a hostile catalog) must not be
 * able to address anything outside the output directory or collide with the destination's own
 * auxiliary files.
 */

/** Longest accepted name in UTF-8 bytes: leaves room for the longest suffix within NAME_MAX (255). */
export const MAX_STREAM_NAME_BYTES = 200;

// C0 controls, DEL and C1 controls.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/u;

/** Why `name` cannot be used as a stream file name, or undefined when it can. */
export function streamNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string") return "it is not a string";
  if (name.length === 0) return "it is empty";
  if (name.includes("/") || name.includes("\\")) return "it contains a path separator";
  if (name.includes("..")) return 'it contains ".."';
  if (name.startsWith(".")) return 'it starts with "."';
  if (CONTROL_CHARS.test(name)) return "it contains a control character";
  if (name.trim() !== name) return "it starts or ends with whitespace";
  if (Buffer.byteLength(name, "utf8") > MAX_STREAM_NAME_BYTES) {
    return `it is longer than ${MAX_STREAM_NAME_BYTES} bytes`;
  }
  return undefined;
}

/** Throws a descriptive Error when `name` is not a safe stream file name. */
export function assertSafeStreamName(name: unknown): asserts name is string {
  const problem = streamNameProblem(name);
  if (problem !== undefined) {
    throw new Error(`Refusing stream name ${JSON.stringify(name)}: ${problem}`);
  }
}
