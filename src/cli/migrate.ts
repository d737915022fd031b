import { openDatabase } from "../server";
import { cliContext } from "./context";

/** `outhook migrate`: what the server does at start before it listens. */
export async function migrate(): Promise<void> {
  const cli = cliContext();
  const dataSource = await openDatabase(cli.config, cli.log);
  try {
    const applied = (await dataSource.query("SELECT name FROM migrations ORDER BY id")) as { name: string }[];
    process.stdout.write(`database is up to date: ${applied.length} migrations, the last ${applied[applied.length - 1]?.name}\n`);
  } finally {
    await dataSource.destroy();
  }
}
