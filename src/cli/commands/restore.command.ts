import type { Command } from "commander";

export function registerRestore(program: Command): void {
  program
    .command("restore")
    .description("replace the SQLite database in DATABASE_URL with a backup <file> (stop the server first)")
    .argument("<file>", "a copy made by `outhook backup`")
    .addHelpText("after", "\nRefused while a server (or another command) has the database open, and for files that are not an\nouthook database. The database it replaces is kept beside it as <name>.before-restore-<time>.\nOn PostgreSQL use pg_restore instead.")
    .action((file: string) => (require("../backup") as typeof import("../backup")).restoreDatabase(file));
}
