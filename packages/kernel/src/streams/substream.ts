/**
 * Child streams read per parent record (side conversations per ticket, comments per post, …).
 *
 * The parent stream is walked page by page from its own saved state (`parent_state`). For every
 * parent page, each parent record becomes a partition whose children are read with bounded
 * concurrency (the connection's budget bounds the requests). Only when every partition of that
 * parent page is done does the child yield a page whose checkpoint moves the parent cursor:
 * - a partition refused with a partition-scoped SkipError (e.g. a per-ticket 403/404) is skipped
 *   with a log line and counts as done, so the parent cursor still advances;
 * - any other error fails the stream before the checkpoint, so a partition that keeps failing
 *   never moves the parent forward (the next sync reads that parent page again).
 */
import type { Page, ReadContext, Stream, StreamRecord, StreamState } from "../contracts/stream.js";
import { SkipError } from "../errors.js";
import type { CursorFormat } from "./cursor-values.js";
import { CursorTracker } from "./cursor-tracker.js";
import { type Partition, PartitionedState, type PerPartitionState } from "./partitioned-state.js";

export interface PartitionRead<P> {
  partition: Partition;
  /** The parent record the partition comes from. */
  parent: P;
  /** Where this partition resumes (unix seconds): its saved cursor, else the stream's start. */
  since: number;
  /**
   * The partition's cursor tracker (starts at `since`). The substream keeps what it returns through
   * it; a partition that works on its records (downloads) may call `cursor.keep` first, so it
   * only works on the records that will be kept.
   */
  cursor: CursorTracker;
  ctx: ReadContext;
}

export interface SubstreamDefinition<P = StreamRecord, R = StreamRecord> {
  /** The parent stream, read from `parent_state[parent.spec.name]`. */
  parent: Stream<P, StreamState>;
  /** The partition of a parent record, e.g. `{ticket_id: t.id}`; undefined = no children to read. */
  partition(parent: P): Partition | undefined;
  /** All children of one partition (the stream paginates inside). */
  readPartition(read: PartitionRead<P>): Promise<R[]>;
  cursorField: string;
  stateFormat: CursorFormat;
  /** Where partitions without a saved cursor start, as unix seconds. */
  start(ctx: ReadContext): number;
  /** A record's cursor as unix seconds (default: `record[cursorField]` parsed). */
  recordCursor?(record: R, parent: P): number | undefined;
  /** Drop records older than the partition's start (default true: list endpoints may ignore filters). */
  filterOlder?: boolean;
  /** Partitions read at once (default the runner's concurrency, `ctx.concurrency`, else 3). */
  concurrency?: number;
  maxPartitions?: number;
  /** Log level for skipped partitions (default "warn"; "debug" for expected skips such as deleted tickets). */
  skipLogLevel?: "warn" | "info" | "debug";
}

/** Reads a child stream over its parent; every yielded checkpoint is the full per-partition state. */
export async function* readSubstream<P extends StreamRecord, R extends StreamRecord>(
  def: SubstreamDefinition<P, R>,
  ctx: ReadContext,
): AsyncGenerator<Page<R, PerPartitionState>> {
  const parentName = def.parent.spec.name;
  const state = new PartitionedState(
    { cursorField: def.cursorField, format: def.stateFormat, parentStream: parentName, maxPartitions: def.maxPartitions },
    ctx.state,
  );
  const start = def.start(ctx);
  const limit = Math.max(1, def.concurrency ?? ctx.concurrency ?? 3);
  const parentState = state.parentState;
  const parentPages = def.parent.read({ ...ctx, state: parentState, mode: parentState ? "incremental" : ctx.mode });

  for await (const parentPage of parentPages) {
    const work: { partition: Partition; parent: P }[] = [];
    for (const parent of parentPage.records) {
      const partition = def.partition(parent);
      if (partition) work.push({ partition, parent });
    }
    const results = await mapBounded(work, limit, ctx.signal, async ({ partition, parent }) => {
      const since = Math.max(start, state.cursorFor(partition) ?? start);
      const cursor = new CursorTracker({
        cursorField: def.cursorField,
        format: def.stateFormat,
        start: since,
        ...(def.recordCursor ? { cursorOf: (record: StreamRecord) => def.recordCursor!(record as R, parent) } : {}),
        filterOlder: def.filterOlder ?? true,
        initialMax: undefined,
      });
      let records: R[];
      try {
        records = await def.readPartition({ partition, parent, since, cursor, ctx });
      } catch (error) {
        if (error instanceof SkipError && error.scope === "partition") {
          ctx.logger[def.skipLogLevel ?? "warn"](`${JSON.stringify(partition)} skipped: ${error.message}`);
          return { partition, records: [] as R[], max: undefined };
        }
        throw error;
      }
      const kept = cursor.keep(records) as R[];
      return { partition, records: kept, max: cursor.max };
    });
    const records: R[] = [];
    for (const result of results) {
      records.push(...result.records);
      state.finish(result.partition, result.max);
    }
    if (parentPage.checkpoint) {
      state.parentState = parentPage.checkpoint;
      yield { records, checkpoint: state.toState() };
    } else {
      yield { records };
    }
  }
}

/**
 * `fn` over `items` with at most `limit` in flight; results in input order. After the first
 * failure no new item starts, the ones in flight finish, and the failure is thrown.
 */
export async function mapBounded<T, U>(items: T[], limit: number, signal: AbortSignal | undefined, fn: (item: T) => Promise<U>): Promise<U[]> {
  const results = new Array<U>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      if (signal?.aborted) {
        failure = { error: signal.reason ?? new Error("aborted") };
        return;
      }
      const i = next++;
      try {
        results[i] = await fn(items[i]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
