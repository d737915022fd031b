// Bounded storage (RETENTION_DAYS, RETENTION_MAX_RECORDS_PER_WEBHOOK): attempt records, finished deliveries and
// events past the retention, and records and finished deliveries beyond the newest N of each webhook, are
// deleted in small batches. A delivery still under way is never touched, nor the records and event it needs.
import type { DataSource } from "typeorm";
import type { Config } from "../config";
import type { Writer } from "../db/writer";
import type { Logger } from "../logger";
import {
  capThreshold, deleteDeliveries, deleteEvents, deleteRecords, deleteUnusedSnapshots, nextWindow, oldFinishedDeliveries, rowsUpTo, webhookIds,
} from "./prune-sql";
import { releaseFreePages } from "./sqlite-space";

export interface RetentionDeps {
  config: Config;
  dataSource: DataSource;
  /**
   * The engine's write path: deletes queue between the engine's own transactions instead of contending for the
   * lock; on SQLite this stalled both the event loop and the engine's writes less than main-connection
   * transactions did (figures in README, "Storage is bounded").
   */
  writer: Writer;
  log: Logger;
}

export interface PruneCounts {
  records: number;
  deliveries: number;
  events: number;
  /** SQLite pages handed back to the file system. */
  pages: number;
}

/** Rows per delete transaction: ~3–6 ms on the SQLite writer thread for records of ~2 KB (measured). */
const BATCH = 200;
/** Between two transactions the engine's claims and records go first. */
const PAUSE_MS = 5;
/** A pass every tenth of the retention, between 1 s and 1 min: the tables hold at most ~1.1 × the retention. */
export function passIntervalMs(retentionMs: number): number {
  return Math.min(60_000, Math.max(1_000, retentionMs / 10));
}

export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<unknown> | null = null;
  private stopping = false;

  constructor(private readonly deps: RetentionDeps) {}

  start(): void {
    const every = passIntervalMs(this.deps.config.retentionMs);
    const tick = () => {
      this.pass = this.prune()
        .then((counts) => {
          if (counts.records || counts.deliveries || counts.events || counts.pages) this.deps.log.info("retention: pruned", { ...counts });
        })
        .catch((error) => this.deps.log.warn("retention: pass failed; the next one retries", { error }))
        .finally(() => {
          this.pass = null;
          if (!this.stopping) this.timer = setTimeout(tick, every);
        });
    };
    this.timer = setTimeout(tick, every);
  }

  /** Ends the pass under way after its current transaction. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass: everything the rules allow to delete now, oldest first. */
  async prune(now = new Date()): Promise<PruneCounts> {
    const cutoff = new Date(now.getTime() - this.deps.config.retentionMs);
    const counts: PruneCounts = { records: 0, deliveries: 0, events: 0, pages: 0 };
    counts.records += await this.pruneOldRecords(cutoff);
    counts.deliveries += await this.pruneOldDeliveries(cutoff);
    const capped = await this.pruneBeyondCap();
    counts.records += capped.records;
    counts.deliveries += capped.deliveries;
    counts.events += await this.pruneEvents(cutoff);
    await this.pruneUnusedSnapshots();
    if (this.deps.config.sqliteFile) counts.pages = await releaseFreePages(this.deps.dataSource, this.deps.writer, () => this.pause());
    return counts;
  }

  private async pruneOldRecords(cutoff: Date): Promise<number> {
    return this.walkOldest("webhook_response", cutoff, deleteRecords);
  }

  private async pruneEvents(cutoff: Date): Promise<number> {
    return this.walkOldest("event", cutoff, deleteEvents);
  }

  /** Ids grow with time: rows are visited oldest first, and the walk ends at the first row inside the retention. */
  private async walkOldest(table: "webhook_response" | "event", cutoff: Date, remove: (ids: number[]) => ReturnType<typeof deleteRecords>): Promise<number> {
    let after = 0;
    let deleted = 0;
    while (await this.pause()) {
      const window = await nextWindow(this.deps.dataSource, table, after, cutoff, BATCH);
      const firstYoung = window.findIndex((r) => !r.old);
      const old = (firstYoung < 0 ? window : window.slice(0, firstYoung)).map((r) => r.id);
      if (old.length) deleted += await this.run(remove(old));
      if (firstYoung >= 0 || window.length < BATCH) return deleted;
      after = window[window.length - 1].id;
    }
    return deleted;
  }

  /** After records went (by age, by cap, or with their alert group), the shared `responses` only they used. */
  private async pruneUnusedSnapshots(): Promise<void> {
    while ((await this.pause()) && (await this.run(deleteUnusedSnapshots(BATCH))) === BATCH);
  }

  private async pruneOldDeliveries(cutoff: Date): Promise<number> {
    let deleted = 0;
    while (await this.pause()) {
      const ids = await oldFinishedDeliveries(this.deps.dataSource, cutoff, BATCH);
      if (ids.length === 0) break;
      const removed = await this.run(deleteDeliveries(ids, cutoff), 1);
      deleted += removed;
      if (removed === 0) break; // every candidate changed meanwhile (redelivered): the next pass looks again
    }
    return deleted;
  }

  private async pruneBeyondCap(): Promise<{ records: number; deliveries: number }> {
    const keep = this.deps.config.retentionMaxRecordsPerWebhook;
    const out = { records: 0, deliveries: 0 };
    for (const webhookId of await webhookIds(this.deps.dataSource)) {
      if (!(await this.pause())) break;
      for (const table of ["webhook_response", "delivery"] as const) {
        const threshold = await capThreshold(this.deps.dataSource, table, webhookId, keep);
        if (threshold === null) continue;
        // Deliveries under way count towards the N but stay, with their records (the deletes re-check it).
        for (let after = 0; await this.pause(); ) {
          const ids = await rowsUpTo(this.deps.dataSource, table, webhookId, after, threshold, BATCH);
          if (ids.length === 0) break;
          if (table === "delivery") out.deliveries += await this.run(deleteDeliveries(ids), 1);
          else out.records += await this.run(deleteRecords(ids));
          after = ids[ids.length - 1];
        }
      }
    }
    return out;
  }

  /** One short transaction on the write path; the rows deleted by its statement `counted`. */
  private async run(statements: ReturnType<typeof deleteRecords>, counted = 0): Promise<number> {
    const results = await this.deps.writer.transaction(statements);
    return results[counted].affected;
  }

  private async pause(): Promise<boolean> {
    if (this.stopping) return false;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    return !this.stopping;
  }
}
