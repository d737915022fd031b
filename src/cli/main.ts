// `npx outhook <command>` (bin/outhook.js). Each command lives in its own file under commands/.
import "../heap-tuning"; // first: `serve` runs the server in this process
import "reflect-metadata";
import { Command } from "commander";
import { COMMANDS } from "./commands";

const program = new Command("outhook")
  .description("Self-hosted outgoing-webhook gateway that speaks Grafana OnCall's outgoing-webhooks API")
  .showHelpAfterError()
  .enablePositionalOptions();
for (const register of COMMANDS) register(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`outhook: ${(error as Error)?.message ?? error}\n`);
  process.exit(1);
});
