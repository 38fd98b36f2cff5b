import { redact } from "./kernel.js";
import { main } from "./cli.js";
import { EXIT } from "./errors.js";

// Last line of defence: nothing may reach the user as a stack trace.
const fatal = (error: unknown) => {
  const message = redact(error instanceof Error ? error.message : String(error));
  process.stderr.write(`calabi: Unexpected error: ${message.split("\n")[0]} (set CALABI_DEBUG=1 for details)\n`);
  if (process.env.CALABI_DEBUG && error instanceof Error && error.stack) process.stderr.write(error.stack + "\n");
  process.exit(EXIT.failed);
};
process.on("uncaughtException", fatal);
// Node's own warnings (e.g. a plugin's listener leak) are for developers: shown only with CALABI_DEBUG.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (process.env.CALABI_DEBUG) process.stderr.write(`calabi: node warning: ${warning.name}: ${warning.message}\n`);
});
process.on("unhandledRejection", fatal);

const code = await main(process.argv.slice(2));
process.exit(code);
