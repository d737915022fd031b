// The delivery engine: claims due deliveries from the outbox, runs their attempts through the lanes, records
// and settles them. Nothing is held only in memory: a delivery is a row before any request, and a crash
// leaves at most the claimed rows, which recovery hands back (outbox/recover.ts).
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Writer } from "../db/writer";
import type { AppContext } from "../context";
import type { Logger } from "../logger";
import { planAttempt, completeAttempt, type AttemptDeps, type AttemptResult } from "../attempts/attempt";
import { attemptInputFor } from "../attempts/attempt-input";
import { loadPayloadRows } from "../events/event-data-loader";
import { SenderThread } from "../http/sender-thread";
import { senderPolicy } from "../http/sender-policy";
import { Lanes } from "./lanes";
import { claimDueDeliveries, type ClaimedDelivery } from "./outbox/claim";
import { HEARTBEAT_MS, nextRecoveryDelay, recoverStaleClaims, refreshClaims } from "./outbox/recover";
import { releaseClaims, type Settlement } from "./outbox/settle";
import { Recorder, type Finished } from "./recorder";
import { SendGate } from "./send-gate";
import { AutoPause } from "./pause/auto-pause";
import { settlementFor, recordFor } from "./outcome";
import { outcomeBeforeSend, outcomeOfSend } from "./attempt-outcome";
import { RenderMemo } from "../attempts/render-memo";
import { recordEventData } from "../attempts/shared-event-data";
import { fieldRendererOf } from "../attempts/render-field";

/** Retries that became due, and deliveries committed by other instances, are found by this poll. */
const POLL_MS = 300;
const MAX_BATCH = 200;
/**
 * Finished attempts waiting for their records, per unit of DELIVERY_CONCURRENCY, before claiming pauses: while
 * the database is slow or refusing, more claims would only pile up more of them in memory.
 */
const UNRECORDED_PER_SLOT = 4;
/** Sent attempts not yet recorded, per slot: a crash repeats at most this many (send-gate.ts). */
const SENT_UNRECORDED_PER_SLOT = 2;

export class DeliveryEngine {
  readonly instanceId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  private state: "new" | "running" | "stopping" | "stopped" = "new";
  private sender: SenderThread | null = null;
  private lanes: Lanes | null = null;
  private recorder: Recorder | null = null;
  private gate: SendGate | null = null;
  private autoPause: AutoPause | null = null;
  private claiming: Promise<void> | null = null;
  private claimAgain = false;
  /** Claimed and not yet handed to the recorder. */
  private holding = 0;
  private readonly work = new Set<Promise<void>>();
  /** Claimed deliveries whose lane task was reached only after stop() began: handed back untouched. */
  private readonly unstarted: number[] = [];
  private timers: NodeJS.Timeout[] = [];
  private lastEmptyClaim: { key: string; at: number } | null = null;
  private readonly committedListeners = new Set<(committed: readonly Finished[]) => void>();

  /** `writer`: the write path the server opened (retention shares it); the server closes it after stop(). */
  constructor(
    private readonly ctx: AppContext,
    private readonly writer: Writer,
  ) {}

  get running(): boolean {
    return this.state === "running";
  }

  async start(): Promise<void> {
    const { config, log } = this.ctx;
    this.sender = new SenderThread(senderPolicy(config));
    this.lanes = new Lanes(config.deliveryConcurrency, config.deliveryHostConcurrency);
    const writer = this.writer;
    const gate = (this.gate = new SendGate(config.deliveryConcurrency * SENT_UNRECORDED_PER_SLOT));
    this.recorder = new Recorder(writer, this.instanceId, log, (committed) => {
      gate.leave(committed.filter((f) => f.sent).length);
      this.wake();
      for (const listener of this.committedListeners) {
        try {
          listener(committed);
        } catch (error) {
          log.error("delivery: a listener of recorded attempts failed", { error });
        }
      }
    });
    this.autoPause = new AutoPause(writer, config, log);
    this.onCommitted(this.autoPause.heard);
    const recovered = await recoverStaleClaims(writer, this.instanceId);
    if (recovered) log.info("delivery: resumed deliveries of a stopped instance", { count: recovered });
    this.state = "running";
    this.every(POLL_MS, () => this.wake());
    this.every(HEARTBEAT_MS, () =>
      refreshClaims(writer, this.instanceId).catch((error) => log.warn("delivery: claim heartbeat failed; retried", { error })),
    );
    this.scheduleRecovery();
    this.wake();
  }

  /**
   * `listener` hears every group of attempts and settlements once it is committed (metrics, live feeds); it runs
   * on the engine's path, so it must be quick. Returns the function that removes it.
   */
  onCommitted(listener: (committed: readonly Finished[]) => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  /** Called after a commit that added deliveries (and by the poll): claim now rather than at the next tick. */
  wake(): void {
    if (this.state !== "running") return;
    this.claimAgain = true;
    if (!this.claiming) this.claiming = this.claimLoop().finally(() => (this.claiming = null));
  }

  /** Stop claiming, let attempts in flight finish and be recorded, hand back what was claimed but not started. */
  async stop(): Promise<void> {
    if (this.state !== "running") return;
    this.state = "stopping";
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await this.claiming;
    this.gate!.close(); // requests waiting for records to catch up are handed back unsent
    await this.lanes!.onIdle();
    while (this.work.size) await Promise.all([...this.work]);
    await this.recorder!.flush();
    await this.autoPause!.stop();
    if (this.unstarted.length) await releaseClaims(this.writer, this.instanceId, this.unstarted.splice(0));
    await this.sender!.close();
    this.state = "stopped";
  }

  private every(ms: number, fn: () => unknown): void {
    const tick = () => {
      if (this.state !== "running") return;
      fn();
      this.timers.push(setTimeout(tick, ms));
    };
    this.timers.push(setTimeout(tick, ms));
  }

  private scheduleRecovery(): void {
    const timer = setTimeout(async () => {
      if (this.state !== "running") return;
      try {
        const n = await recoverStaleClaims(this.writer, this.instanceId);
        if (n) {
          this.ctx.log.info("delivery: resumed deliveries of a dead instance", { count: n });
          this.wake();
        }
      } catch (error) {
        this.ctx.log.warn("delivery: recovery failed; retried later", { error });
      }
      this.scheduleRecovery();
    }, nextRecoveryDelay());
    this.timers.push(timer);
  }

  /**
   * How many more deliveries to claim: 1.5× the global limit in hand keeps the lanes fed without holding many
   * prepared payloads (measured: 2× was slower, from GC pressure); ones parked behind full host lanes do not
   * count, a hard cap bounds them.
   */
  private claimBudget(): number {
    const { deliveryConcurrency } = this.ctx.config;
    const recorder = this.recorder!;
    if (recorder.refusing || recorder.unrecorded >= deliveryConcurrency * UNRECORDED_PER_SLOT) return 0;
    const active = this.holding - this.lanes!.backloggedCount();
    const soft = Math.ceil(deliveryConcurrency * 1.5) - active;
    const hard = deliveryConcurrency * 20 - this.holding;
    const budget = Math.max(0, Math.min(soft, hard, MAX_BATCH));
    // While work is in hand, wait until a worthwhile batch is free: each claim statement has a fixed cost.
    const worthwhile = Math.min(MAX_BATCH, Math.ceil(deliveryConcurrency / 2));
    return this.holding > 0 && budget < worthwhile ? 0 : budget;
  }

  private async claimLoop(): Promise<void> {
    while (this.claimAgain && this.state === "running") {
      this.claimAgain = false;
      const limit = this.claimBudget();
      if (limit === 0) continue; // the recorder wakes us when capacity frees up
      const excluded = this.lanes!.backloggedWebhooks();
      const exclusionKey = excluded.sort((a, b) => a - b).join(",");
      // Everything due may belong to backlogged webhooks: an empty claim is not repeated until the backlog
      // changes or a poll interval passes (each claim scans the due rows).
      if (excluded.length && this.lastEmptyClaim?.key === exclusionKey && Date.now() - this.lastEmptyClaim.at < POLL_MS) continue;
      try {
        const claimed = await claimDueDeliveries(this.writer, { instanceId: this.instanceId, limit, excludeWebhooks: excluded });
        this.lastEmptyClaim = claimed.length === 0 ? { key: exclusionKey, at: Date.now() } : null;
        if (claimed.length === 0) continue;
        this.holding += claimed.length;
        this.track(this.runBatch(claimed));
        if (claimed.length === limit) this.claimAgain = true;
      } catch (error) {
        this.ctx.log.error("delivery: claiming failed; retried at the next poll", { error });
      }
    }
  }

  private track(p: Promise<void>): void {
    this.work.add(p);
    void p.finally(() => this.work.delete(p));
  }

  private async runBatch(claimed: ClaimedDelivery[]): Promise<void> {
    let rows;
    try {
      rows = await loadPayloadRows(this.ctx.dataSource.manager, this.ctx.config.baseUrl, claimed);
    } catch (error) {
      for (const d of claimed) {
        this.ctx.log.error("delivery: loading payload data failed; it will be retried", { error, delivery: d.publicId, attempt: d.attempt });
        this.finish(d, { settlement: settlementFor(d, { kind: "internal" }, this.ctx.config) });
      }
      return;
    }
    const memo = new WeakMap<object, string>();
    const deps = this.attemptDeps();
    await Promise.all(claimed.map((d) => this.runOne(d, rows, memo, deps)));
  }

  private async runOne(d: ClaimedDelivery, rows: Awaited<ReturnType<typeof loadPayloadRows>>, memo: WeakMap<object, string>, deps: AttemptDeps): Promise<void> {
    const { config, log } = this.ctx;
    let sent = false;
    try {
      const input = attemptInputFor(rows, d, new Date(), memo);
      if ("skip" in input) {
        log.info(`Delivery ${d.publicId} was not attempted: ${input.skip}`);
        const trigger = rows.events.get(d.eventId)?.type ?? rows.webhooks.get(d.webhookId)?.triggerType ?? null;
        return this.finish(d, {
          settlement: { deliveryId: d.id, kind: "final", status: "skipped", skipReason: input.skip, whilePaused: input.whilePaused },
          observed: { outcome: "skipped", trigger },
        });
      }
      const plan = await planAttempt(deps, input);
      if (plan.kind === "skip") {
        log.info(`Webhook ${input.webhook.publicId} was not triggered: ${plan.reason}`, { delivery: d.publicId, attempt: d.attempt });
        return this.finish(d, {
          settlement: { deliveryId: d.id, kind: "final", status: "skipped", skipReason: plan.reason },
          observed: { outcome: "skipped", trigger: input.trigger },
        });
      }
      const eventData = recordEventData(input.payload, memo);
      if (plan.kind === "fail") {
        return this.finish(d, {
          record: recordFor(d, input, plan.draft, eventData),
          settlement: { deliveryId: d.id, kind: "final", status: "failed" },
          observed: { ...outcomeBeforeSend(plan.cause), trigger: input.trigger },
        });
      }
      const outcome = await this.lanes!.run(plan.host, d.webhookId, async () => {
        if (this.state !== "running" || !(await this.gate!.enter())) return null;
        sent = true;
        return this.sender!.sendTimed(plan.request);
      });
      if (outcome === null) {
        this.unstarted.push(d.id);
        this.holding--;
        return;
      }
      const result = completeAttempt(plan.draft, outcome);
      const settlement = settlementFor(d, { kind: "attempted", result }, config);
      logAttempt(log, d, input.webhook.publicId, result, settlement);
      const observed = { outcome: outcomeOfSend(outcome.outcome), trigger: input.trigger };
      this.finish(d, { record: recordFor(d, input, result.draft, eventData), settlement, sent, observed });
    } catch (error) {
      log.error("delivery: attempt failed internally; it will be retried", { error, delivery: d.publicId, attempt: d.attempt });
      this.finish(d, { settlement: settlementFor(d, { kind: "internal" }, config), sent });
    }
  }

  private finish(d: ClaimedDelivery, entry: Omit<Finished, "delivery">): void {
    this.holding--;
    this.recorder!.add({ delivery: d, ...entry });
    // Claim the next batch while this one's records are still being written: the lanes never wait for a commit.
    if (this.claimBudget() > 0) this.wake();
  }

  /** For one claimed batch: its deliveries share the renders of their common templates. */
  private attemptDeps(): AttemptDeps {
    return { renderer: new RenderMemo(fieldRendererOf(this.ctx.renderer)), checkUrl: (url) => this.sender!.checkUrl(url) };
  }
}

/** One line per attempt: debug while the delivery goes on, a warning when it ends failed. */
function logAttempt(log: Logger, d: ClaimedDelivery, webhook: string, result: AttemptResult, settlement: Settlement): void {
  const { statusCode, content } = result.draft;
  const fields = {
    delivery: d.publicId,
    attempt: d.attempt,
    webhook,
    status: statusCode,
    // Without a status the content is our sender's error text; a receiver's body is not logged.
    ...(statusCode === null && content ? { error: content.slice(0, 200) } : {}),
    ...(settlement.kind === "retry" ? { retryInMs: settlement.delayMs } : {}),
  };
  if (settlement.kind === "final" && settlement.status === "failed") log.warn("delivery: failed", fields);
  else log.debug(settlement.kind === "retry" ? "delivery: attempt failed; retry scheduled" : "delivery: attempt done", fields);
}
