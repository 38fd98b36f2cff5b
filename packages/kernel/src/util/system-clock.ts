import type { Clock } from "../contracts/clock.js";

/** Rejects with the signal's reason (an AbortError DOMException when none was given). */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/**
 * Runs `wait` with a signal that aborts when either `signal` or `waitSignal` does (with that
 * signal's own reason), and removes its listeners afterwards: long-lived sync signals must not
 * collect one listener per request, as `AbortSignal.any` would.
 */
export async function waitUnless<T>(
  signal: AbortSignal | undefined,
  waitSignal: AbortSignal | undefined,
  wait: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (!waitSignal) return wait(signal);
  if (!signal) return wait(waitSignal);
  if (signal.aborted) throw abortReason(signal);
  if (waitSignal.aborted) throw abortReason(waitSignal);
  const either = new AbortController();
  const forwardA = () => either.abort(abortReason(signal));
  const forwardB = () => either.abort(abortReason(waitSignal));
  signal.addEventListener("abort", forwardA, { once: true });
  waitSignal.addEventListener("abort", forwardB, { once: true });
  try {
    return await wait(either.signal);
  } finally {
    signal.removeEventListener("abort", forwardA);
    waitSignal.removeEventListener("abort", forwardB);
  }
}

/** Real time: `Date.now()` and an abortable `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};
