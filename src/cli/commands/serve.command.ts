import type { Command } from "commander";
import { exitOnStartupError, serve } from "../../serve";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the server (what `npm start` runs): migrate, listen on PORT, deliver")
    .action(() => serve().catch(exitOnStartupError));
}
