import { startDateFor } from "@calabi/auth-zendesk";
import { type ReadContext, toUnixSeconds } from "@calabi/kernel";

/** Where a stream starts without state: the configured start_date, else Zendesk's default look-back. */
export function startSeconds(ctx: Pick<ReadContext, "config" | "clock">, stream?: string): number {
  return toUnixSeconds(startDateFor(ctx.config, ctx.clock.now(), stream))!;
}

/**
 * Incremental exports reject a start_time less than a minute old (422 "Too recent start_time").
 * Starting a little earlier only re-reads records the destination de-duplicates.
 */
export function exportStartTime(start: number, ctx: Pick<ReadContext, "clock">): string {
  const latest = Math.floor(ctx.clock.now() / 1000) - 61;
  return String(Math.min(start, latest));
}
