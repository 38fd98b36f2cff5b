import { redactor, type ConnectionStats, type ProgressEvent, type StreamOutcome } from "@calabi/kernel";
import type { LineWriter } from "./io.js";

interface StreamProgress {
  records: number;
  pages: number;
  state: "waiting" | "running" | "done";
}

export interface ProgressOptions {
  /** A live, rewritten line (terminal) instead of periodic lines (log files, pipes). */
  tty: boolean;
  /** How often a periodic line is printed when not on a terminal. */
  intervalMs: number;
  stats: () => ConnectionStats;
  now?: () => number;
}

const number = (n: number) => n.toLocaleString("en-US");

/** Human progress on stderr: records, pages, requests and rate-limit waits while `sync` runs. */
export class Progress {
  private readonly streams = new Map<string, StreamProgress>();
  private readonly started: number;
  private timer: NodeJS.Timeout | undefined;
  private liveShown = false;
  private rateLimitWaits = 0;
  private waitingUntil = 0;
  private waitingClass = "";
  private readonly now: () => number;

  constructor(
    private readonly err: LineWriter,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** How many times requests waited on a rate-limit budget. */
  get budgetWaits(): number {
    return this.rateLimitWaits;
  }

  start(streamNames: string[]): void {
    for (const name of streamNames) this.streams.set(name, { records: 0, pages: 0, state: "waiting" });
    const every = this.options.tty ? 250 : this.options.intervalMs;
    if (every > 0) {
      this.timer = setInterval(() => this.tick(), every);
      this.timer.unref();
    }
    if (this.options.tty) this.drawLive();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearLive();
  }

  onEvent(event: ProgressEvent): void {
    switch (event.type) {
      case "stream-started":
        this.entry(event.stream).state = "running";
        break;
      case "page": {
        const entry = this.entry(event.stream);
        entry.records = event.totalRecords;
        entry.pages = event.pages;
        break;
      }
      case "rate-limit-wait":
        this.rateLimitWaits++;
        this.waitingUntil = Math.max(this.waitingUntil, this.now() + event.waitMs);
        this.waitingClass = event.rateClass;
        if (event.waitMs >= 5000) {
          this.log(`Waiting ${(event.waitMs / 1000).toFixed(1)} s for the "${event.rateClass}" rate limit (${event.reason}).`);
        }
        break;
      case "stream-finished": {
        const entry = this.entry(event.outcome.stream);
        entry.state = "done";
        entry.records = event.outcome.records;
        entry.pages = event.outcome.pages;
        break;
      }
      default:
        break;
    }
  }

  /** Prints a line on stderr without tearing the live line. */
  log(line: string): void {
    this.clearLive();
    void this.err.write(redactor.redact(line));
    if (this.options.tty && this.timer) this.drawLive();
  }

  /** The one-line summary of where the sync is. */
  line(): string {
    const seconds = ((this.now() - this.started) / 1000).toFixed(0);
    const all = [...this.streams.entries()];
    const done = all.filter(([, s]) => s.state === "done").length;
    const records = all.reduce((sum, [, s]) => sum + s.records, 0);
    const stats = this.options.stats();
    const parts = [
      `${done}/${all.length} streams done`,
      `${number(records)} records`,
      `${number(stats.requests)} requests`,
    ];
    if (stats.retries > 0) parts.push(`${number(stats.retries)} retries`);
    if (this.rateLimitWaits > 0) parts.push(`${number(this.rateLimitWaits)} rate-limit waits`);
    if (stats.rateLimitWaits > 0) parts.push(`${number(stats.rateLimitWaits)} × 429`);
    const waitLeft = this.waitingUntil - this.now();
    if (waitLeft > 500) parts.push(`waiting ${(waitLeft / 1000).toFixed(0)}s on "${this.waitingClass}"`);
    const running = all
      .filter(([, s]) => s.state === "running")
      .map(([name, s]) => `${name} ${number(s.records)} (${s.pages} pages)`);
    let text = `[${seconds}s] ${parts.join(" · ")}`;
    if (running.length > 0) text += ` | ${running.join(", ")}`;
    return text;
  }

  private entry(name: string): StreamProgress {
    let entry = this.streams.get(name);
    if (!entry) {
      entry = { records: 0, pages: 0, state: "waiting" };
      this.streams.set(name, entry);
    }
    return entry;
  }

  private tick(): void {
    if (this.options.tty) this.drawLive();
    else void this.err.write(this.line());
  }

  private drawLive(): void {
    const columns = (process.stderr as { columns?: number }).columns || 120;
    let text = this.line();
    if (text.length > columns - 1) text = text.slice(0, Math.max(10, columns - 2)) + "…";
    this.err.raw(`\r\x1b[2K${text}`);
    this.liveShown = true;
  }

  private clearLive(): void {
    if (!this.liveShown) return;
    this.err.raw("\r\x1b[2K");
    this.liveShown = false;
  }
}

/** The table printed when `sync` ends: stream, status, records, requests, seconds. */
export function summaryTable(outcomes: StreamOutcome[], notStarted: string[]): string[] {
  const rows: string[][] = [["stream", "status", "records", "requests", "seconds"]];
  for (const o of outcomes) {
    rows.push([o.stream, o.status, number(o.records), number(o.requests), o.seconds.toFixed(1)]);
  }
  for (const name of notStarted) rows.push([name, "not started", "0", "0", "0.0"]);
  const total = outcomes.reduce(
    (acc, o) => ({ records: acc.records + o.records, requests: acc.requests + o.requests }),
    { records: 0, requests: 0 },
  );
  return formatTable(rows[0], rows.slice(1), ["total", "", number(total.records), number(total.requests), ""], [false, false, true, true, true]);
}

/** A plain-text table: header, rule, rows, and (when given) a rule and a total row; `numeric` columns align right. */
export function formatTable(header: string[], rows: string[][], total: string[] | undefined, numeric: boolean[]): string[] {
  const all = [header, ...rows, ...(total ? [total] : [])];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const format = (row: string[]) =>
    row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [format(header), rule, ...rows.map(format), ...(total ? [rule, format(total)] : [])];
}

/** Lets the first `limit` lines of each shape (digits ignored) through and counts the rest. */
export class RepeatedLines {
  private readonly seen = new Map<string, { count: number; example: string }>();

  constructor(
    private readonly limit: number,
    private readonly disabled = false,
  ) {}

  admit(line: string): boolean {
    if (this.disabled) return true;
    const shape = line.replace(/\d+/g, "#");
    const entry = this.seen.get(shape) ?? { count: 0, example: line };
    entry.count++;
    this.seen.set(shape, entry);
    return entry.count <= this.limit;
  }

  summary(): string[] {
    const lines: string[] = [];
    for (const { count, example } of this.seen.values()) {
      if (count > this.limit) {
        const short = example.length > 140 ? example.slice(0, 139) + "…" : example;
        lines.push(`(${count - this.limit} more like: ${short})`);
      }
    }
    return lines;
  }
}
