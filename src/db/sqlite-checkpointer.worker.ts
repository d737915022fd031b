// The SQLite checkpointer thread: copies the WAL into the database file once a second on a connection of its
// own. Neither writing connection checkpoints (sqlite-writer.ts turns theirs off): a checkpoint took ~70 ms in an
// alert storm, and on the writer thread every claim and record waited behind it. PASSIVE never waits for, nor
// blocks, another connection.
import Database from "better-sqlite3";
import { workerData } from "node:worker_threads";

const { file } = workerData.data as { file: string };
const CHECKPOINT_EVERY_MS = 1_000;
const db = new Database(file);
db.pragma("cache_size = -500"); // it reads WAL frames and writes database pages; it keeps nothing for long

setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy (a backup or the CLI holds the file): the next round catches up.
  }
}, CHECKPOINT_EVERY_MS);
