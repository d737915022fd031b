import "reflect-metadata";
import { DataSource } from "typeorm";
import { adaptColumnTypes } from "./src/db/dialect";
import { MIGRATIONS } from "./src/db/migrations";
import { SnakeNamingStrategy } from "./src/db/naming";
import { WAL_LIMIT_BYTES } from "./src/db/sqlite-writer";
import { serializeSqliteConnection } from "./src/db/transaction";
import { sqliteFileOf } from "./src/config";
import { ENTITIES } from "./src/schema/entities";

/** The one DataSource factory: the driver follows DATABASE_URL (spec README). */
export function createDataSource(databaseUrl: string): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS, // class references, no globs: the same list for dist/ and jest
    migrationsTransactionMode: "each" as const,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
  };
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    adaptColumnTypes("postgres");
    return new DataSource({ ...common, type: "postgres", url: databaseUrl, extra: { max: 20 } });
  }
  adaptColumnTypes("sqlite");
  const file = sqliteFileOf(databaseUrl);
  const dataSource = new DataSource({
    ...common,
    type: "better-sqlite3",
    database: file ?? ":memory:",
    enableWAL: file !== null,
    // A writer waits for the lock instead of failing at once (bursts of inbound alerts + the engine).
    timeout: 10_000,
    // This connection commits what the API answers for (an inbound alert is "durably stored" once 200 is sent):
    // NORMAL writes the WAL without syncing it on the main thread, and each write then awaits an fdatasync of the WAL
    // off the event loop before it resolves (src/db/sqlite-wal-sync.ts). Left implicit, SQLite chose FULL on a
    // new file and NORMAL on every later start. (The writer thread's: sqlite-writer.worker.ts.)
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma("synchronous = NORMAL");
      db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`); // src/db/sqlite-writer.worker.ts starts a long WAL over
    },
  });
  serializeSqliteConnection(dataSource);
  return dataSource;
}

/** For the TypeORM CLI (`typeorm migration:generate -d dist/ormconfig.js`). */
export default createDataSource(process.env.DATABASE_URL || "sqlite:./data/outhook.sqlite");
