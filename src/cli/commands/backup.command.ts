import type { Command } from "commander";

export function registerBackup(program: Command): void {
  program
    .command("backup")
    .description("copy the SQLite database in DATABASE_URL to <file>, consistently, also while a server runs on it")
    .argument("<file>", "where the copy goes (must not exist yet)")
    .addHelpText("after", "\nOn PostgreSQL use pg_dump instead. Secrets in the database are encrypted: keep SECRET_KEY, or the\nouthook.secret.key file beside the database, with the backup.")
    .action((file: string) => (require("../backup") as typeof import("../backup")).backupDatabase(file));
}
