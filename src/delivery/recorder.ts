// Group commit: the records and settlements of attempts that finish close together are written in one
// transaction, so a burst of deliveries costs a few commits rather than one per attempt.
import type { Writer } from "../db/writer";
import type { Logger } from "../logger";
import { settleStatements, type Settlement } from "./outbox/settle";
import { recordStatements, type AttemptRecord } from "../attempts/record";

export interface Finished {
  record?: AttemptRecord;
  settlement: Settlement;
}

/** Attempts finishing within this window share one commit; a full batch is written at once. */
const COALESCE_MS = 10;
const FULL_BATCH = 200;
const RETRY_WRITE_MS = 1_000;
/** stop() tries this often before leaving the rest to lease recovery (the rows stay claimed, nothing is lost). */
const FINAL_WRITE_TRIES = 3;

export class Recorder {
  private queue: Finished[] = [];
  private writing: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly writer: Writer,
    private readonly instanceId: string,
    private readonly log: Logger,
    /** Called after each commit: settled deliveries free capacity and unblock the next of their (webhook, group). */
    private readonly onCommitted: () => void,
  ) {}

  add(entry: Finished): void {
    this.queue.push(entry);
    this.schedule(this.queue.length >= FULL_BATCH ? 0 : COALESCE_MS);
  }

  /** Writes everything queued (stop()); after repeated failures the rest is left to lease recovery. */
  async flush(): Promise<void> {
    this.cancelTimer();
    for (let failures = 0; ; ) {
      if (this.writing) await this.writing;
      if (this.queue.length === 0) return;
      if (await this.writeQueued()) continue;
      if (++failures >= FINAL_WRITE_TRIES) {
        this.log.error("delivery: attempts could not be recorded; their deliveries will be resumed by lease recovery", { count: this.queue.length });
        this.queue = [];
        return;
      }
      await new Promise((r) => setTimeout(r, RETRY_WRITE_MS));
    }
  }

  private schedule(delayMs: number): void {
    if (this.writing) return; // the running write picks new entries up when it is done
    if (this.timer && delayMs > 0) return;
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.writeQueued().then((ok) => {
        if (this.queue.length) this.schedule(ok ? (this.queue.length >= FULL_BATCH ? 0 : COALESCE_MS) : RETRY_WRITE_MS);
      });
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private writeQueued(): Promise<boolean> {
    const batch = this.queue;
    this.queue = [];
    const writing = this.write(batch).finally(() => {
      if (this.writing === writing) this.writing = null;
    });
    this.writing = writing;
    return writing;
  }

  private async write(batch: Finished[]): Promise<boolean> {
    if (batch.length === 0) return true;
    try {
      await this.writer.transaction([
        ...recordStatements(batch.flatMap((f) => (f.record ? [f.record] : []))),
        ...settleStatements(this.writer.dialect, this.instanceId, batch.map((f) => f.settlement)),
      ]);
      this.onCommitted();
      return true;
    } catch (error) {
      // Nothing is lost: the deliveries stay claimed (their lease refreshed) until a write succeeds.
      this.log.error("delivery: recording attempts failed; retrying", { error, count: batch.length });
      this.queue.unshift(...batch);
      return false;
    }
  }
}
