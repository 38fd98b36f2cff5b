/**
 * Errors the machine raises (a full disk, a read-only or forbidden path) told in plain words: what
 * happened, to which path, and what to do. They are not bugs, so they must not read like one.
 */
const REMEDIES: Record<string, (path: string) => string> = {
  ENOSPC: (p) => `the disk is full (writing ${p}); free some space or choose another --output, then sync again: it resumes from the saved state`,
  EDQUOT: (p) => `the disk quota is exhausted (writing ${p}); free some space or raise the quota, then sync again`,
  EACCES: (p) => `permission denied on ${p}; give this user write access to it or choose another path`,
  EPERM: (p) => `the operation on ${p} is not permitted; check its owner and permissions, or choose another path`,
  EROFS: (p) => `${p} is on a read-only file system; choose a writable path`,
  ENOTDIR: (p) => `a part of the path ${p} is a file, not a directory; choose another path`,
  EISDIR: (p) => `${p} is a directory where a file was expected; choose another path`,
  EMFILE: () => `too many open files; raise the limit (ulimit -n) or lower the concurrency`,
  ENFILE: () => `the system ran out of file handles; close other programs or raise the limit`,
};

/** True for a Node.js system error that `describeSystemError` can explain. */
export function isEnvironmentError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === "string" && code in REMEDIES;
}

/** One sentence for an environment error (undefined for anything else). */
export function describeSystemError(error: unknown): string | undefined {
  if (!isEnvironmentError(error)) return undefined;
  const path = error.path ?? (error as { dest?: string }).dest ?? "a file";
  const text = REMEDIES[error.code!]!(path);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} (${error.code}${error.syscall ? ` in ${error.syscall}` : ""}).`;
}
