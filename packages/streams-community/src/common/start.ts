import { startDateFor } from "@calabi/auth-zendesk";
import { type ReadContext, toUnixSeconds } from "@calabi/kernel";

/** Where a stream starts without state: start_date, else Zendesk's default look-back (730 days). */
export function startSeconds(ctx: ReadContext): number {
  return toUnixSeconds(startDateFor(ctx.config, ctx.clock.now()))!;
}

/** max(saved `updated_at`, start): what posts send as `start_time` (the API may ignore it). */
export function resumeSeconds(ctx: ReadContext): number {
  const saved = toUnixSeconds(ctx.state?.updated_at);
  const start = startSeconds(ctx);
  return saved === undefined ? start : Math.max(saved, start);
}
