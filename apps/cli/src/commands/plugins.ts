import { PluginRegistry } from "@calabi/kernel";
import { EXIT } from "../errors.js";
import { installCommand, loadPlugins, type FoundPlugin } from "../plugins.js";
import type { Runtime } from "../runtime.js";

interface PluginRow {
  name: string;
  version: string;
  kind: string;
  /** The @calabi/kernel versions the plugin was built for. */
  kernel?: string;
  provides?: string[];
  source?: string;
  streams?: string[];
  dir: string;
  problem?: string;
}

async function describe(found: FoundPlugin): Promise<PluginRow> {
  const row: PluginRow = {
    name: found.pkg.name,
    version: found.plugin?.version ?? found.pkg.version,
    kind: found.plugin?.kind ?? found.pkg.kind ?? "?",
    dir: found.pkg.dir,
    ...(found.pkg.kernelRange ? { kernel: found.pkg.kernelRange } : {}),
  };
  if (found.problem) row.problem = found.problem;
  if (!found.plugin) return row;
  // Register the plugin alone to see what it contributes.
  const single = new PluginRegistry();
  await single.add(found.plugin);
  const provides = [
    ...single.sources().map((s) => `source "${s.name}"`),
    ...single.destinations().map((d) => `destination "${d.name}"`),
  ];
  if (provides.length > 0) row.provides = provides;
  const sets = single.streamSets();
  if (sets.length > 0) {
    row.source = sets[0].source;
    row.streams = sets.flatMap((set) => set.streams.map((s) => s.spec.name + (s.spec.optIn ? " (opt-in)" : ""))).sort();
  }
  return row;
}

/** `calabi plugins`: every plugin found, with version, kind and (for stream plugins) the streams. */
export async function pluginsCommand(rt: Runtime, opts: { json?: boolean }): Promise<number> {
  const loaded = await loadPlugins(rt.options.plugins);
  const rows: PluginRow[] = [];
  for (const found of loaded.found) rows.push(await describe(found));

  if (opts.json) {
    await rt.out.write(JSON.stringify(rows, null, 2));
    return EXIT.ok;
  }
  if (rows.length === 0) {
    await rt.out.write(
      `No plugins found. Install some beside the CLI, e.g. ${installCommand(["@calabi/auth-zendesk", "@calabi/streams-support", "@calabi/destination-jsonl"])}`,
    );
    return EXIT.ok;
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  const vwidth = Math.max(...rows.map((r) => r.version.length));
  const kernel = (row: PluginRow) => (row.kernel ? `kernel ${row.kernel}` : "");
  const kwidth = Math.max(...rows.map((r) => kernel(r).length));
  for (const row of rows) {
    let line = `${row.name.padEnd(width)}  ${row.version.padEnd(vwidth)}  ${row.kind.padEnd(11)}  ${kernel(row).padEnd(kwidth)}`;
    if (row.provides) line += `  ${row.provides.join(", ")}`;
    if (row.source) line += `  streams for "${row.source}"`;
    await rt.out.write(line.trimEnd());
    if (row.streams) await rt.out.write(`    ${row.streams.length} streams: ${row.streams.join(", ")}`);
    if (row.problem) await rt.out.write(`    not loadable: ${row.problem}`);
  }
  return EXIT.ok;
}
