// Group commit: the records and settlements of attempts that finish close together are written in one
// transaction. Between an answered request and its durable record lies the crash window (a kill -9 there sends
// the attempt again), so a group goes out as soon as the event loop is free, not after a timer: measured at
// concurrency 8, a 10 ms coalescing timer plus waiting for the previous commit's reply made that window
// p50 19 ms / p99 100 ms. Writes overlap (the writer runs them in order), so none waits for another's reply.
import type { Writer } from "../db/writer";
import { isForeignKeyViolation, isTransientError } from "../db/dialect";
import type { Logger } from "../logger";
import { settleStatements, type Settlement } from "./outbox/settle";
import { recordStatements, reducedRecord, type AttemptRecord } from "../attempts/record";
import type { Statement } from "../db/sql";
import type { ClaimedDelivery } from "./outbox/claim";
import type { ObservedTurn } from "./attempt-outcome";
import { noticeStatements } from "./attempt-notices";

export interface Finished {
  /** The claimed delivery this entry ends the turn of. */
  delivery: ClaimedDelivery;
  record?: AttemptRecord;
  settlement: Settlement;
  /** The attempt's request went out (the engine's send gate counts it until it is recorded). */
  sent?: boolean;
  /** What the turn came to (metrics); absent after an internal failure, which is no attempt. */
  observed?: ObservedTurn;
}

/** Entries per transaction; more wait for the next one. */
const MAX_GROUP = 200;
/** Transactions handed to the writer and not yet answered. */
const MAX_WRITES_IN_FLIGHT = 2;
/** While the database refuses writes: first retry after this, doubling up to RETRY_MAX_MS. */
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;
/** stop() tries this often before leaving the rest to lease recovery (the rows stay claimed, nothing is lost). */
const FINAL_WRITE_TRIES = 3;

export class Recorder {
  private queue: Finished[] = [];
  /** Transactions handed to the writer and not yet answered, and the entries they hold. */
  private readonly writes = new Set<Promise<void>>();
  private writingEntries = 0;
  private scheduled = false;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Consecutive groups the database refused even one entry at a time: it is down or refusing writes. */
  private refusals = 0;

  constructor(
    private readonly writer: Writer,
    private readonly instanceId: string,
    private readonly log: Logger,
    /** Called after each commit: settled deliveries free capacity and unblock the next of their (webhook, group). */
    private readonly onCommitted: (committed: Finished[]) => void,
  ) {}

  /** Entries handed over and not yet committed: answered attempts a crash now would send again. */
  get unrecorded(): number {
    return this.queue.length + this.writingEntries;
  }

  /** True while the database refuses writes: the engine claims nothing new until a write succeeds. */
  get refusing(): boolean {
    return this.refusals > 0;
  }

  add(entry: Finished): void {
    this.queue.push(entry);
    this.schedule();
  }

  /** Writes everything queued (stop()); after repeated refusals the rest is left to lease recovery. */
  async flush(): Promise<void> {
    for (let refused = 0; ; ) {
      while (this.writes.size) await Promise.all([...this.writes]);
      if (this.queue.length === 0) break;
      const refusalsBefore = this.refusals;
      await this.writeGroup();
      if (this.refusals <= refusalsBefore) continue;
      if (++refused >= FINAL_WRITE_TRIES) {
        this.log.error("delivery: attempts could not be recorded; their deliveries will be resumed by lease recovery", { count: this.queue.length });
        this.queue = [];
        break;
      }
      await new Promise((r) => setTimeout(r, RETRY_MIN_MS));
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private schedule(): void {
    if (this.scheduled || this.retryTimer || this.writes.size >= MAX_WRITES_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    // After the current macrotask: the outcomes that arrived together (the sender thread replies in batches)
    // share one commit.
    setImmediate(() => {
      this.scheduled = false;
      void this.writeGroup();
    });
  }

  private writeGroup(): Promise<void> {
    const group = this.queue.splice(0, MAX_GROUP);
    if (group.length === 0) return Promise.resolve();
    this.writingEntries += group.length;
    const write = this.write(group).finally(() => {
      this.writingEntries -= group.length;
      this.writes.delete(write);
      this.schedule();
    });
    this.writes.add(write);
    return write;
  }

  private async write(group: Finished[]): Promise<void> {
    let left: Finished[] = [];
    let refusal: unknown;
    try {
      await this.writer.transaction(this.statements(group));
    } catch (error) {
      refusal = error;
      left = group.length === 1 ? await this.writeReduced(group[0], error) : await this.writeOneByOne(group);
    }
    // What is left is always the group's tail: the entries before it are committed.
    if (left.length < group.length) this.onCommitted(group.slice(0, group.length - left.length));
    if (left.length === 0) {
      this.refusals = 0;
      return;
    }
    // Nothing is lost: the deliveries stay claimed (the heartbeat keeps their leases) until a write succeeds.
    this.queue.unshift(...left);
    this.refusals++;
    const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (this.refusals - 1));
    this.log.error("delivery: the database refuses to record attempts; retrying", { error: refusal, count: left.length, retryInMs: delay });
    if (!this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.schedule();
      }, delay);
    }
  }

  /** A group failed: each entry on its own, so one the database refuses cannot hold up the others. */
  private async writeOneByOne(group: Finished[]): Promise<Finished[]> {
    for (let i = 0; i < group.length; i++) {
      try {
        await this.writer.transaction(this.statements([group[i]]));
      } catch (error) {
        if ((await this.writeReduced(group[i], error)).length) return group.slice(i);
      }
    }
    return [];
  }

  /**
   * The entry was refused on its own: its record in reduced form, else its settlement alone (the delivery must
   * not stall for a record). If even that is refused, the database is down: the entry is returned to retry.
   */
  private async writeReduced(entry: Finished, error: unknown): Promise<Finished[]> {
    const delivery = entry.settlement.deliveryId;
    if (isTransientError(error)) return [entry]; // a deadlock or a busy database: the same entry again, later
    if (!entry.record) return [entry];
    // The alert group was deleted while the attempt ran and took its delivery with it (ON DELETE CASCADE): the
    // record has nothing to belong to, so only the (now empty) settlement is left to write.
    const gone = isForeignKeyViolation(error);
    if (!gone) {
      try {
        await this.writer.transaction(this.statements([{ ...entry, record: reducedRecord(entry.record) }]));
        this.log.error("delivery: a record was refused by the database and stored in reduced form", { error, delivery });
        return [];
      } catch {
        // next: the settlement alone
      }
    }
    try {
      await this.writer.transaction(this.statements([{ delivery: entry.delivery, settlement: entry.settlement }]));
      const fields = { delivery, attempt: entry.record.attempt, statusCode: entry.record.draft.statusCode };
      if (gone) this.log.info("delivery: the alert group was deleted while its attempt ran; the record is dropped", fields);
      else this.log.error("delivery: a record was refused by the database even in reduced form; the delivery is settled without it", { error, ...fields });
      return [];
    } catch {
      return [entry]; // the database refuses the settlement too
    }
  }


  private statements(group: Finished[]): Statement[] {
    return [
      ...recordStatements(group.flatMap((f) => (f.record ? [f.record] : [])), this.writer.dialect),
      ...settleStatements(this.writer.dialect, this.instanceId, group.map((f) => f.settlement)),
      // Live feeds on every instance hear of these attempts when, and only if, this transaction commits.
      ...noticeStatements(this.writer.dialect, group),
    ];
  }
}
