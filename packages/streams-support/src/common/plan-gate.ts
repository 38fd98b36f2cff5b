import { requestPath } from "@calabi/auth-zendesk";
import type { ErrorRule } from "@calabi/kernel";

/** Zendesk's two 403 bodies for "your plan or role does not include this" (ZENDESK-API.md §12). */
const REFUSALS = ["You do not have access", "Access to this resource is restricted"];

/**
 * A 403 that refuses the whole endpoint for plan or permission reasons skips the stream with a WARN
 * naming what is missing (`requirement`, e.g. "an Enterprise plan"). The runner turns the skip into a
 * failure when the user named the stream explicitly. Any other 403/404 falls through to the default
 * chain, which fails the stream as a config error.
 */
export function planGated(stream: string, requirement: string): ErrorRule {
  return (response) => {
    if (response.status !== 403 || !REFUSALS.some((text) => response.text.includes(text))) return undefined;
    return {
      action: "skip",
      scope: "stream",
      message:
        `Zendesk refused ${requestPath(response)} (403): ${stream} needs ${requirement}. ` +
        `Unless ${stream} was named explicitly, it is skipped and the sync goes on; deselect it if this account will not have it.`,
    };
  };
}
