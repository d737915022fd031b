// `outhook backup` and `outhook restore`: whole SQLite files (sqlite-files.ts); PostgreSQL has its own tools.
import fs from "node:fs";
import path from "node:path";
import { loadConfig, type Config } from "../config";
import { CliError } from "./cli-error";
import { checkOuthookDatabase, copyDatabase, databaseInUse, ensureFolderOf } from "./sqlite-files";

export async function backupDatabase(file: string): Promise<void> {
  const config = loadConfig(process.env);
  const source = sqliteFileOrExplain(config, "backup", 'pg_dump --format=custom --file=outhook.dump "$DATABASE_URL"');
  if (!fs.existsSync(source)) throw new CliError(`no database at ${source} (DATABASE_URL)`);
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new CliError(`${target} exists: choose a new file name`);
  ensureFolderOf(target);
  const { pages } = await copyDatabase(source, target);
  checkOuthookDatabase(target);
  process.stdout.write(`backed up ${source} to ${target} (${pages} pages, ${fs.statSync(target).size} bytes)\n${keyReminder(config)}\n`);
}

export async function restoreDatabase(file: string): Promise<void> {
  const config = loadConfig(process.env);
  const target = sqliteFileOrExplain(config, "restore", 'pg_restore --clean --dbname="$DATABASE_URL" outhook.dump');
  const source = path.resolve(file);
  const { migrations } = checkOuthookDatabase(source);
  if (source === target) throw new CliError(`${source} is the database itself`);
  if (databaseInUse(target)) throw new CliError(`${target} is in use (a running server, or another outhook command): stop it, then restore`);
  let kept = "";
  if (fs.existsSync(target)) {
    kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    await copyDatabase(target, kept);
  }
  ensureFolderOf(target);
  await copyDatabase(source, target);
  checkOuthookDatabase(target);
  process.stdout.write(`restored ${source} into ${target} (schema at ${migrations[migrations.length - 1]}; the server migrates it further at start)\n`);
  if (kept) process.stdout.write(`the database it replaced is kept as ${kept}\n`);
  process.stdout.write(`${keyReminder(config)}\n`);
}

/** The SQLite file of DATABASE_URL; on PostgreSQL (or in memory) a clear refusal naming the right tool. */
function sqliteFileOrExplain(config: Config, command: string, postgresTool: string): string {
  if (config.sqliteFile) return config.sqliteFile;
  if (config.databaseUrl.startsWith("sqlite:")) throw new CliError(`${command}: an in-memory database has nothing to ${command}`);
  throw new CliError(`${command}: DATABASE_URL is PostgreSQL; outhook ${command}s SQLite files only. Use PostgreSQL's own tools, e.g.\n  ${postgresTool}`);
}

function keyReminder(config: Config): string {
  if (config.secretKey) return "secrets in it are encrypted with SECRET_KEY: the server that opens it needs the same SECRET_KEY";
  const keyFile = path.join(path.dirname(config.sqliteFile!), "outhook.secret.key");
  return `secrets in it are encrypted with the key in ${keyFile}: keep that file with the database (or set SECRET_KEY to its content)`;
}
