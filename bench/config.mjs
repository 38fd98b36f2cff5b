// The one bench account: every bench writes its connector config here and signs its raw requests
// with the same credentials, so the simulator sees one user whichever script runs.
import { writeFile } from "node:fs/promises";

const EMAIL = "bench@example.com";
const TOKEN = "bench-token";

/** The Authorization header of a raw request (API token auth: `email/token:token`). */
export const BENCH_AUTH = "Basic " + Buffer.from(`${EMAIL}/token:${TOKEN}`).toString("base64");

/** Writes a connector config for the simulator at `baseUrl` to `path` (mode 0600); returns `path`. */
export async function writeBenchConfig(path, baseUrl, extra = {}) {
  const config = {
    subdomain: "acme",
    base_url: baseUrl,
    start_date: "2000-01-01T00:00:00Z",
    credentials: { credentials: "api_token", email: EMAIL, api_token: TOKEN },
    ...extra,
  };
  await writeFile(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}
