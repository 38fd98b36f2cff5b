import type { z } from "zod";
import type { Logger } from "../contracts/logger.js";
import { compileFit, type Fit } from "./schema-fit.js";

/**
 * Records are emitted as the API returns them; a record that no longer fits its schema produces one
 * WARN per stream and field path, never a failure. A compiled predicate (schema-fit.ts) passes the
 * records that fit without zod's per-record copy; zod checks only the others, to name the fields.
 */
export class SchemaDriftWatch {
  private readonly reported = new Set<string>();
  private readonly fits: Fit | undefined;

  constructor(
    private readonly stream: string,
    private readonly schema: z.ZodType | undefined,
    private readonly logger: Logger,
  ) {
    this.fits = schema ? compileFit(schema) : undefined;
  }

  check(record: unknown): void {
    if (!this.schema || this.fits?.(record)) return;
    const result = this.schema.safeParse(record);
    if (result.success) return;
    for (const issue of result.error.issues) {
      const path = issue.path.map((p) => (typeof p === "number" ? "[]" : String(p))).join(".") || "(record)";
      if (this.reported.has(path)) continue;
      this.reported.add(path);
      this.logger.warn(`Schema drift in stream "${this.stream}": field ${path} ${issue.message.toLowerCase()}; records are kept as returned.`);
    }
  }
}
