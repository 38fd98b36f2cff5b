import type { StreamStates } from "../contracts/state.js";
import type { AirbyteStreamStateMessage } from "../protocol/messages.js";
import { ConfigError } from "../errors.js";

/**
 * Parses state input in the formats Airbyte accepts: a JSON array of per-stream state objects
 * (`{type:"STREAM", stream:{stream_descriptor:{name}, stream_state}}`), the same objects wrapped in
 * STATE messages, or the legacy map `{ "<stream>": <state> }`.
 */
export function parseStateInput(input: unknown, origin: string): StreamStates {
  if (input === null || input === undefined) return {};
  if (Array.isArray(input)) {
    const states: StreamStates = {};
    input.forEach((item, index) => {
      const entry = isObject(item) && item.type === "STATE" && isObject(item.state) ? item.state : item;
      if (!isObject(entry)) {
        throw new ConfigError(`${origin}: element ${index} of the state array is not an object.`);
      }
      if (entry.type === "GLOBAL" || entry.type === "LEGACY") {
        throw new ConfigError(
          `${origin}: element ${index} has state type "${String(entry.type)}"; this connector reads per-stream state (type "STREAM") only.`,
        );
      }
      const stream = entry.stream;
      const name = isObject(stream) && isObject(stream.stream_descriptor) ? stream.stream_descriptor.name : undefined;
      if (entry.type !== "STREAM" || typeof name !== "string" || name === "") {
        throw new ConfigError(
          `${origin}: element ${index} is not a per-stream state object; expected {"type":"STREAM","stream":{"stream_descriptor":{"name":"<stream>"},"stream_state":{...}}}.`,
        );
      }
      const streamState = (stream as Record<string, unknown>).stream_state;
      if (streamState === undefined || streamState === null) return;
      if (!isObject(streamState)) {
        throw new ConfigError(`${origin}: the stream_state of "${name}" must be a JSON object.`);
      }
      states[name] = streamState;
    });
    return states;
  }
  if (isObject(input)) {
    const states: StreamStates = {};
    for (const [name, value] of Object.entries(input)) {
      if (!isObject(value)) {
        throw new ConfigError(`${origin}: the legacy state of stream "${name}" must be a JSON object.`);
      }
      states[name] = value;
    }
    return states;
  }
  throw new ConfigError(`${origin}: state must be a JSON array of per-stream state objects (or a legacy object map).`);
}

/** The file format `sync` writes: a JSON array of per-stream state objects, sorted by stream name. */
export function serializeStates(states: StreamStates): string {
  const entries: AirbyteStreamStateMessage[] = Object.keys(states)
    .sort()
    .map((name) => ({ type: "STREAM", stream: { stream_descriptor: { name }, stream_state: states[name] } }));
  return JSON.stringify(entries, null, 2) + "\n";
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
