// Pauses webhooks whose deliveries keep failing (README "Failing webhooks pause"). It hears the engine's
// commits and looks only at webhooks that just had a delivery end failed, so a healthy webhook costs nothing.
import { dbInstant } from "../../db/dialect";
import type { Writer } from "../../db/writer";
import type { Logger } from "../../logger";
import type { Finished } from "../recorder";
import { pauseReasonFor, type PausePolicy } from "./pause-rule";
import { pauseFactsStatement, pauseStatement, type FactsRow } from "./pause-sql";

export class AutoPause {
  /** Webhooks to look at; a burst of failures of one webhook is looked at once. */
  private readonly due = new Set<number>();
  private checking: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly writer: Writer,
    private readonly policy: PausePolicy,
    private readonly log: Logger,
  ) {}

  /** The engine's onCommitted listener: quick, the checks run after it returns. */
  readonly heard = (committed: readonly Finished[]): void => {
    for (const f of committed) {
      if (f.settlement.kind === "final" && f.settlement.status === "failed") this.due.add(f.delivery.webhookId);
    }
    this.kick();
  };

  /** No new checks; waits for the one under way (the writer closes after the engine). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.checking;
  }

  /** Applies the rule to one webhook; true when this call paused it. */
  async check(webhookId: number): Promise<boolean> {
    const kind = this.writer.dialect;
    const [{ rows }] = await this.writer.transaction([pauseFactsStatement(kind, webhookId)]);
    const row = rows[0] as unknown as FactsRow | undefined;
    if (!row) return false;
    const reason = pauseReasonFor(
      {
        paused: row.paused_at !== null,
        deleted: row.deleted_at !== null,
        failures: Number(row.failures),
        firstFailureAt: row.first_failure === null ? null : dbInstant(row.first_failure),
        now: dbInstant(row.db_now),
      },
      this.policy,
    );
    if (reason === null) return false;
    const [{ affected }] = await this.writer.transaction([pauseStatement(kind, webhookId, reason, row.first_failure)]);
    // Only the instance whose update changed the row says so.
    if (affected > 0) this.log.warn("webhook paused: its deliveries keep failing; resumeWebhook resumes it", { webhook: row.public_id, reason });
    return affected > 0;
  }

  private kick(): void {
    if (this.checking || this.stopped || this.due.size === 0) return;
    this.checking = this.drain().finally(() => {
      this.checking = null;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.due.size && !this.stopped) {
      const [webhookId] = this.due;
      this.due.delete(webhookId);
      try {
        await this.check(webhookId);
      } catch (error) {
        // Deliveries are unaffected; the rule is applied again at the webhook's next failure.
        this.log.warn("delivery: checking whether a failing webhook should pause failed", { error, webhookId });
      }
    }
  }
}
