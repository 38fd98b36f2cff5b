/**
 * One walk over an incremental export serving several streams (ticket_events + ticket_comments
 * from `incremental/ticket_events`, users + user_identities from `incremental/users/cursor`).
 * The walk starts at the earliest member start; each member keeps only its records at or after its
 * own start, drops boundary duplicates when asked, and checkpoints the highest cursor it saw.
 */
import {
  type CursorFormat,
  CursorTracker,
  type ErrorRule,
  type GroupPage,
  type GroupReadContext,
  type Page,
  type Paginator,
  type ReadContext,
  type RecordSelector,
  resumeStart,
  type StreamGroup,
  type StreamRecord,
  type StreamState,
  walkPages,
} from "@calabi/kernel";
import { boundRateClass } from "@calabi/auth-zendesk";
import { adaptivePages, type PageSize } from "./adaptive-page.js";
import { apiUrl } from "./pages.js";
import { exportStartTime } from "./start.js";

export interface PassMember {
  name: string;
  /** The state key, e.g. "timestamp". */
  cursorField: string;
  stateFormat: CursorFormat;
  records(body: any): StreamRecord[];
  /** A record's cursor as unix seconds. */
  cursorOf(record: StreamRecord): number | undefined;
  /** Time-based exports serve the records of a page's last second again on the next page. */
  dedupeAcrossPages?: boolean;
  /** Keep records older than the member's start (side-loaded records the export did not filter). Default false. */
  keepOlder?: boolean;
  /** Where the member starts without state, as unix seconds. */
  start(ctx: Pick<ReadContext, "config" | "clock">): number;
  /**
   * The member's own error rules. They apply to every request of a walk the member is part of (the
   * request serves it too), before the pass's rules; members' rules in member order.
   */
  rules?: ErrorRule[];
}

export interface ExportPass {
  path: string;
  params(ctx: Pick<ReadContext, "config">, members: string[]): Record<string, string>;
  paginator(ctx: Pick<ReadContext, "config">, members: string[]): Paginator;
  /** What one page holds (the paginator's same-second check counts these; the page's shape is checked on them). */
  pageRecords: RecordSelector;
  rules?: ErrorRule[];
  label: string;
  /** Send the next page's request while this one is written (`walkPages`' `readAhead`; a pass is read to its end). */
  readAhead?: boolean;
  /** An adaptive page size for these members (see adaptive-page.ts); absent: the paginator's own. */
  pageSize?(ctx: Pick<ReadContext, "config" | "logger">, members: string[]): PageSize | undefined;
}

interface Tracker {
  member: PassMember;
  cursor: CursorTracker;
}

export async function* readPass(
  pass: ExportPass,
  ctx: Omit<ReadContext, "state" | "mode">,
  members: { member: PassMember; state: StreamState | undefined }[],
): AsyncGenerator<GroupPage> {
  const trackers: Tracker[] = members.map(({ member, state }) => ({
    member,
    cursor: new CursorTracker({
      cursorField: member.cursorField,
      format: member.stateFormat,
      start: resumeStart(state, member.cursorField, member.start(ctx)),
      cursorOf: member.cursorOf,
      filterOlder: !member.keepOlder,
      dedupeAcrossPages: member.dedupeAcrossPages === true,
    }),
  }));
  const from = Math.min(...trackers.map((t) => t.cursor.start));
  const names = trackers.map((t) => t.member.name);
  const url = apiUrl(ctx, pass.path, { ...pass.params(ctx, names), start_time: exportStartTime(from, ctx) });
  const rules = [...trackers.flatMap((t) => t.member.rules ?? []), ...(pass.rules ?? [])];
  const size = pass.pageSize?.(ctx, names);
  const walk = { url, paginator: pass.paginator(ctx, names), records: pass.pageRecords, rules, label: pass.label, readAhead: pass.readAhead === true };
  for await (const page of walkPages(size ? adaptivePages(ctx, size) : ctx, walk)) {
    const records: Record<string, StreamRecord[]> = {};
    const checkpoints: Record<string, StreamState> = {};
    for (const t of trackers) {
      records[t.member.name] = t.cursor.keep(t.member.records(page.body));
      checkpoints[t.member.name] = t.cursor.checkpoint();
    }
    yield { records, checkpoints };
  }
}

/** A member read alone: the same walk with one member. */
export async function* readPassAlone(pass: ExportPass, member: PassMember, ctx: ReadContext): AsyncGenerator<Page> {
  for await (const page of readPass(pass, ctx, [{ member, state: ctx.state }])) {
    yield { records: page.records[member.name] ?? [], checkpoint: page.checkpoints?.[member.name] };
  }
}

/** The StreamGroup reading every selected member in one walk (`plan`: its estimate, see ../plan/routes.ts). */
export function passGroup(name: string, pass: ExportPass, members: PassMember[], plan?: StreamGroup["plan"]): StreamGroup {
  return {
    name,
    ...(plan ? { plan } : {}),
    members: members.map((m) => m.name),
    rateClass: () => passRateClass(pass),
    read: (ctx: GroupReadContext) =>
      readPass(
        pass,
        ctx,
        members.filter((m) => ctx.members[m.name]).map((member) => ({ member, state: ctx.members[member.name].state })),
      ),
  };
}



/** The rate class a pass's walk waits on. */
export const passRateClass = (pass: ExportPass): string | undefined => boundRateClass(`/api/v2/${pass.path}`);
