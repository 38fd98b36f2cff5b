import type { StreamStates } from "../contracts/state.js";
import type { Stream } from "../contracts/stream.js";
import { ConfigError } from "../errors.js";
import { parseCursorSeconds, stateCursorValues, toIsoSeconds } from "../streams/cursor-values.js";

/** How far past the clock a saved cursor may be before it is refused (clock skew between machines). */
export const FUTURE_MARGIN_SECONDS = 86_400;

export interface SavedStateCheckOptions {
  /** The clock's now, in ms. */
  now: number;
  /** Streams whose saved state the user asked to drop (`"*"` = every stream). */
  reset?: ReadonlySet<string>;
  /** Where the state came from, for messages (e.g. "The state file /x/state.json"). */
  origin: string;
  /** The flag that resets a stream's state, named in the message (e.g. "--reset-state"). */
  resetFlag: string;
}

/**
 * Checks every saved cursor before a sync starts: a cursor that is not a timestamp (null, [], "-5",
 * "yesterday") or lies in the future would silently restart the stream from its start date or skip
 * every new record. Returns the states to use (reset streams removed); throws one ConfigError
 * naming each bad stream and value otherwise.
 */
export function checkSavedStates(states: StreamStates, streams: ReadonlyMap<string, Stream<any, any>>, options: SavedStateCheckOptions): StreamStates {
  const reset = options.reset ?? new Set<string>();
  const kept: StreamStates = {};
  const problems: string[] = [];
  const latest = Math.floor(options.now / 1000) + FUTURE_MARGIN_SECONDS;
  for (const [name, state] of Object.entries(states)) {
    if (reset.has("*") || reset.has(name)) continue;
    kept[name] = state;
    const cursorField = streams.get(name)?.spec.cursorField;
    if (!cursorField) continue;
    const key = cursorField[cursorField.length - 1]!;
    for (const value of stateCursorValues(state, key)) {
      const seconds = parseCursorSeconds(value);
      if (seconds === undefined) problems.push(`"${name}": ${key} = ${JSON.stringify(value)} is not a timestamp (unix seconds or an ISO date-time)`);
      else if (seconds > latest) problems.push(`"${name}": ${key} = ${JSON.stringify(value)} (${toIsoSeconds(seconds)}) is in the future`);
      else continue;
      break;
    }
  }
  const unknownResets = [...reset].filter((n) => n !== "*" && !streams.has(n));
  if (unknownResets.length > 0) {
    throw new ConfigError(`${options.resetFlag} names unknown streams: ${unknownResets.map((n) => `"${n}"`).join(", ")}.`);
  }
  if (problems.length > 0) {
    const names = problems.map((p) => p.slice(1, p.indexOf('"', 1)));
    throw new ConfigError(
      `${options.origin} holds a cursor that cannot be trusted: ${problems.join("; ")}. Syncing from it would skip or silently re-read data. ` +
        `Fix the value, or pass ${options.resetFlag} ${names.join(",")} to read ${names.length === 1 ? "that stream" : "those streams"} again from the start date.`,
    );
  }
  return kept;
}
