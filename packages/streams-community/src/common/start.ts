import { resumeStart, type ReadContext } from "@calabi/kernel";
import { startSeconds } from "@calabi/zendesk-common";

export { startSeconds };

/** max(saved `updated_at`, start): what posts send as `start_time` (the API may ignore it). */
export function resumeSeconds(ctx: ReadContext): number {
  return resumeStart(ctx.state, "updated_at", startSeconds(ctx));
}
