import { startDateFor } from "@calabi/auth-zendesk";
import { type ReadContext, toUnixSeconds } from "@calabi/kernel";

/** Where a stream starts without state: start_date, else Zendesk's default look-back (730 days). */
export function startSeconds(ctx: ReadContext): number {
  return toUnixSeconds(startDateFor(ctx.config, ctx.clock.now()))!;
}
