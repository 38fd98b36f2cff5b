import type { Stream } from "../contracts/stream.js";
import { ConfigError } from "../errors.js";
import { CDC_DELETED_AT } from "../protocol/builders.js";
import type {
  AirbyteCatalog,
  AirbyteStream,
  ConfiguredAirbyteStream,
  ConfiguredCatalog,
  DestinationSyncMode,
} from "../protocol/messages.js";

export function toAirbyteStream(stream: Stream<any, any>): AirbyteStream {
  const { spec } = stream;
  const incremental = spec.cursorField !== undefined;
  return {
    name: spec.name,
    json_schema: spec.deletions ? withCdcColumn(spec.jsonSchema) : spec.jsonSchema,
    supported_sync_modes: incremental ? ["full_refresh", "incremental"] : ["full_refresh"],
    source_defined_cursor: incremental,
    ...(incremental ? { default_cursor_field: spec.cursorField } : {}),
    source_defined_primary_key: spec.primaryKey,
    is_resumable: incremental,
  };
}

/** Streams that report deletions declare Airbyte's `_ab_cdc_deleted_at`, so platforms apply them. */
function withCdcColumn(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return { ...schema, properties: { ...properties, [CDC_DELETED_AT]: { type: ["null", "string"], format: "date-time" } } };
}

export function discoverCatalog(streams: Iterable<Stream<any, any>>): AirbyteCatalog {
  return { streams: [...streams].map(toAirbyteStream).sort((a, b) => a.name.localeCompare(b.name)) };
}

/**
 * The catalog `sync` builds: incremental + append_dedup where the stream supports it (and has a
 * primary key), else full refresh + overwrite.
 */
export function defaultConfiguredCatalog(
  streams: Iterable<Stream<any, any>>,
  options: { fullRefresh?: boolean } = {},
): ConfiguredCatalog {
  return {
    streams: [...streams].map((stream) => {
      const airbyte = toAirbyteStream(stream);
      const incremental = !options.fullRefresh && stream.spec.cursorField !== undefined;
      const hasKey = stream.spec.primaryKey.length > 0;
      const destination: DestinationSyncMode = incremental ? (hasKey ? "append_dedup" : "append") : "overwrite";
      return {
        stream: airbyte,
        sync_mode: incremental ? "incremental" : "full_refresh",
        ...(incremental ? { cursor_field: stream.spec.cursorField } : {}),
        destination_sync_mode: destination,
        primary_key: stream.spec.primaryKey,
      } satisfies ConfiguredAirbyteStream;
    }),
  };
}

/** Checks a user-supplied configured catalog against the installed streams; one clear message per problem. */
export function validateConfiguredCatalog(
  input: unknown,
  streams: ReadonlyMap<string, Stream<any, any>>,
  origin: string,
): ConfiguredCatalog {
  if (!isObject(input) || !Array.isArray(input.streams)) {
    throw new ConfigError(`${origin}: a configured catalog is a JSON object with a "streams" array.`);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const configured: ConfiguredAirbyteStream[] = [];
  input.streams.forEach((entry: unknown, index: number) => {
    const where = `streams[${index}]`;
    if (!isObject(entry) || !isObject(entry.stream) || typeof entry.stream.name !== "string") {
      problems.push(`${where} needs a "stream" object with a "name".`);
      return;
    }
    const name = entry.stream.name;
    const stream = streams.get(name);
    if (!stream) {
      problems.push(`${where}: unknown stream "${name}" (run "calabi discover" to list the available streams).`);
      return;
    }
    if (seen.has(name)) problems.push(`${where}: stream "${name}" is listed twice.`);
    seen.add(name);
    const syncMode = entry.sync_mode ?? "full_refresh";
    if (syncMode !== "full_refresh" && syncMode !== "incremental") {
      problems.push(`${where}: sync_mode of "${name}" must be "full_refresh" or "incremental", not ${JSON.stringify(syncMode)}.`);
      return;
    }
    if (syncMode === "incremental" && !stream.spec.cursorField) {
      problems.push(`${where}: stream "${name}" does not support incremental sync; use "full_refresh".`);
      return;
    }
    const destinationMode = entry.destination_sync_mode ?? (syncMode === "incremental" ? "append" : "overwrite");
    if (!["append", "overwrite", "append_dedup"].includes(destinationMode)) {
      problems.push(
        `${where}: destination_sync_mode of "${name}" must be "append", "overwrite" or "append_dedup", not ${JSON.stringify(destinationMode)}.`,
      );
      return;
    }
    configured.push({
      stream: toAirbyteStream(stream),
      sync_mode: syncMode,
      ...(syncMode === "incremental" ? { cursor_field: stream.spec.cursorField } : {}),
      destination_sync_mode: destinationMode,
      primary_key: Array.isArray(entry.primary_key) && entry.primary_key.length > 0 ? entry.primary_key : stream.spec.primaryKey,
    });
  });
  if (problems.length > 0) throw new ConfigError(`${origin} has problems: ${problems.join(" ")}`);
  if (configured.length === 0) throw new ConfigError(`${origin} selects no streams.`);
  return { streams: configured };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
