import type { Command } from "commander";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("apply pending migrations to the database in DATABASE_URL (the server also does at start)")
    .action(() => (require("../migrate") as typeof import("../migrate")).migrate());
}
