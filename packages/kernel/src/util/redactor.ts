/**
 * Secret redaction. Every secret value the connector learns (tokens, passwords, client secrets,
 * Authorization headers) is registered here, and every string that leaves the process
 * (logs, error messages, protocol LOG/TRACE messages) passes through `redact`.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  register(value: unknown): void {
    if (typeof value !== "string" || value.length < 4) return;
    this.secrets.add(value);
    // Also catch the forms a secret takes on the wire.
    this.secrets.add(encodeURIComponent(value));
    this.secrets.add(Buffer.from(value).toString("base64"));
  }

  /** Registers every string value under keys that look secret (token, secret, password, authorization). */
  registerFromObject(value: unknown): void {
    walk(value, (key, v) => {
      if (SECRET_KEY.test(key)) this.register(v);
    });
  }

  redact(text: string): string {
    let out = text;
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join("***");
    }
    return out.replace(/(Bearer|Basic)\s+[A-Za-z0-9+/=._~-]{8,}/g, "$1 ***");
  }
}

const SECRET_KEY = /token|secret|password|authorization|api_key/i;

function walk(value: unknown, visit: (key: string, v: unknown) => void): void {
  if (!value || typeof value !== "object") return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    visit(k, v);
    walk(v, visit);
  }
}

/** The process-wide redactor: secrets must be masked wherever they would surface. */
export const redactor = new Redactor();
