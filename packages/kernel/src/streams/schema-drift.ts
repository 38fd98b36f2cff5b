import type { z } from "zod";
import type { Logger } from "../contracts/logger.js";

/**
 * Records are emitted as the API returns them; a record that no longer fits its schema produces one
 * WARN per stream and field path, never a failure.
 */
export class SchemaDriftWatch {
  private readonly reported = new Set<string>();

  constructor(
    private readonly stream: string,
    private readonly schema: z.ZodType | undefined,
    private readonly logger: Logger,
  ) {}

  check(record: unknown): void {
    if (!this.schema) return;
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
