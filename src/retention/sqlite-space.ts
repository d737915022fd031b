// An SQLite file keeps its size after deletes: freed pages go to a freelist that later inserts reuse. With
// `auto_vacuum = INCREMENTAL` the freelist can be handed back to the file system a few pages at a time.
import type { DataSource } from "typeorm";
import type { Writer } from "../db/writer";
import type { Logger } from "../logger";

/**
 * `auto_vacuum` can only change with a VACUUM once the file has tables (TypeORM's WAL setting already counts):
 * a database made before this setting is rewritten once, at its next start. It takes about as long as copying
 * the file and needs that much free disk space; fresh databases are tiny when it runs.
 */
export async function ensureIncrementalVacuum(dataSource: DataSource, log: Logger): Promise<void> {
  const [{ auto_vacuum: mode }] = await dataSource.query("PRAGMA auto_vacuum");
  if (Number(mode) === INCREMENTAL) return;
  const [{ page_count: pages }] = await dataSource.query("PRAGMA page_count");
  log.info("sqlite: switching the file to incremental auto-vacuum (one VACUUM, once)", { pages: Number(pages) });
  await dataSource.query("PRAGMA auto_vacuum = INCREMENTAL");
  await dataSource.query("VACUUM");
}

const INCREMENTAL = 2;
/** Free pages are handed back only past this share of the file: in a steady state inserts reuse them. */
const RELEASE_ABOVE = 0.25;
/** …down to this share, so the next inserts still find room without growing the file. */
const KEEP_FREE = 0.1;
/**
 * Pages per transaction. Handing back a page moves one from the end of the file into the hole: ~0.13 ms each
 * (measured, 4 KiB pages of 2 KB rows), so 32 pages hold the write path ~4 ms. One `PRAGMA incremental_vacuum`
 * step frees one page, and the writer steps each statement once, hence one statement per page.
 */
const PAGES_PER_TRANSACTION = 32;

/** Hands free pages back to the file system in short transactions; returns how many. */
export async function releaseFreePages(dataSource: DataSource, writer: Writer, pause: () => Promise<boolean>): Promise<number> {
  const [{ freelist_count: free }] = await dataSource.query("PRAGMA freelist_count");
  const [{ page_count: total }] = await dataSource.query("PRAGMA page_count");
  if (Number(free) <= Number(total) * RELEASE_ABOVE) return 0;
  let left = Number(free) - Math.floor(Number(total) * KEEP_FREE);
  let released = 0;
  const step = { text: "PRAGMA incremental_vacuum(1)", params: {} };
  while (left > 0 && (await pause())) {
    const n = Math.min(left, PAGES_PER_TRANSACTION);
    await writer.transaction(Array.from({ length: n }, () => step));
    left -= n;
    released += n;
  }
  return released;
}
