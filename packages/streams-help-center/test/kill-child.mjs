// Child process for the kill -9 test: syncs article_attachments into an output directory.
import { zendeskSource } from "@calabi/auth-zendesk";
import { createFileStore, createLogger, systemClock } from "@calabi/kernel";
import { articleAttachments } from "../dist/index.js";

const [url, output] = process.argv.slice(2);
const config = zendeskSource.parseConfig({
  subdomain: "acme",
  base_url: url,
  start_date: "2024-01-01T00:00:00Z",
  credentials: { credentials: "api_token", email: "tests@example.com", api_token: "test-token-123" },
});
const logger = createLogger(() => undefined, "error");
const connection = await zendeskSource.connect(config, { clock: systemClock, logger, persistConfig: async () => undefined });
const ctx = {
  config, mode: "full_refresh", state: undefined, http: connection.http, baseUrl: connection.baseUrl, logger, clock: systemClock,
  signal: new AbortController().signal, progress: { page: () => undefined }, files: createFileStore(output),
};
for await (const page of articleAttachments.read(ctx)) process.stdout.write(`page ${page.records.length}\n`);
await connection.close();
process.stdout.write("done\n");
