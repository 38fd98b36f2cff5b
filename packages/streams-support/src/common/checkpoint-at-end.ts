/**
 * For streams whose records do not arrive in cursor order (e.g. sorted by `created_at`, cursor
 * `updated_at`): a mid-stream checkpoint could skip records still to come, so only the last
 * checkpoint is kept and emitted with the final page.
 */
import type { Page, Stream } from "@calabi/kernel";

export function checkpointAtEnd<R, S>(stream: Stream<R, S>): Stream<R, S> {
  return {
    ...stream,
    async *read(ctx) {
      let last: S | undefined;
      let pending: Page<R, S> | undefined;
      for await (const page of stream.read(ctx)) {
        if (pending) yield pending;
        if (page.checkpoint !== undefined) last = page.checkpoint;
        pending = { records: page.records };
      }
      yield { records: pending?.records ?? [], ...(last !== undefined ? { checkpoint: last } : {}) };
    },
  };
}
