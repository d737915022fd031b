import type { Command } from "commander";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("run the server (what `npm start` runs): migrate, listen on PORT, deliver")
    .action(() => {
      const { exitOnStartupError, serve } = require("../../serve") as typeof import("../../serve");
      return serve().catch(exitOnStartupError);
    });
}
