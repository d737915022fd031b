// The SQLite checkpointer thread: copies the WAL into the database file once a second on a connection of its
// own. Neither writing connection checkpoints (sqlite-writer.ts turns theirs off): a checkpoint took ~70 ms in an
// alert storm, and on the writer thread every claim and record waited behind it. PASSIVE never waits for, nor
// blocks, another connection; a WAL past its limit is started over by the writer thread, asked from here.
import fs from "node:fs";
import Database from "better-sqlite3";
import { workerData } from "node:worker_threads";

const { file, walLimitBytes, restartBuffer } = workerData.data as { file: string; walLimitBytes: number; restartBuffer: SharedArrayBuffer };
/** Set here, cleared by the writer thread once it has started a long WAL over (sqlite-writer.worker.ts). */
const restartWanted = new Int32Array(restartBuffer);
const CHECKPOINT_EVERY_MS = 1_000;
const db = new Database(file);
db.pragma("cache_size = -500"); // it reads WAL frames and writes database pages; it keeps nothing for long

setInterval(() => {
  if (Atomics.load(restartWanted, 0) === 1) return; // the writer thread is about to checkpoint
  if (walSize() > walLimitBytes) return void Atomics.store(restartWanted, 0, 1);
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy (a backup or the CLI holds the file): the next round catches up.
  }
}, CHECKPOINT_EVERY_MS);

function walSize(): number {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}
