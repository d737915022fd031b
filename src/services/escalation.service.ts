import type { EntityManager } from "typeorm";
import { AlertGroup } from "../schema/entities";
import type { AppContext } from "../context";
import { EscalationChainCrud } from "./escalation/chain-crud";
import { claimDueGroup } from "./escalation/claim";
import { EscalationPolicyCrud } from "./escalation/policy-crud";
import { snapshotOfChain, snapshotSteps, takeSnapshot } from "../events/escalation-snapshot";
import { EscalationStepRunner, type StepOutcome } from "./escalation/step-runner";
import type { Services } from ".";

/** Groups handled per scheduler tick at most, so one tick never runs unbounded. */
const MAX_STEPS_PER_TICK = 200;
/** A step that throws is retried this much later instead of blocking the queue head. */
const FAILED_STEP_RETRY_MS = 60_000;

/**
 * Escalation (domain-api.md §5.4, §7–8): chain/policy CRUD and the runner. All running state lives in alert_group
 * columns (snapshot, step index, due time, repeats, paused flag), so a restart resumes where it stopped.
 */
export class EscalationService {
  readonly chains: EscalationChainCrud;
  readonly policies: EscalationPolicyCrud;
  private readonly runner: EscalationStepRunner;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    this.chains = new EscalationChainCrud(ctx);
    this.policies = new EscalationPolicyCrud(ctx);
    this.runner = new EscalationStepRunner(ctx, services);
  }

  /**
   * (Re)start escalation of `group` from the first step after `delayMs`, with a fresh snapshot of its route's
   * chain. Mutates the group's escalation fields; the caller saves the group in its transaction.
   */
  async begin(em: EntityManager, group: AlertGroup, delayMs: number, route?: { escalationChainId: number | null }): Promise<void> {
    // The inbound path passes the route it already read; the chain is the same one takeSnapshot would find.
    const snapshot = route ? await snapshotOfChain(em, route.escalationChainId) : await takeSnapshot(em, group.routeId);
    group.escalationSnapshot = snapshot;
    group.escalationRepeats = 0;
    group.escalationWaitingForAlerts = false;
    const hasSteps = snapshot !== null && snapshot.length > 0;
    group.escalationStep = hasSteps ? 0 : null;
    group.escalationDueAt = hasSteps ? new Date(Date.now() + delayMs) : null;
  }

  /**
   * Stop escalation of `group` (acknowledge, resolve, silence, wipe). Mutates the fields; the caller saves.
   * The snapshot is kept: later payloads still report `users_to_be_notified` from it (fixtures/events/).
   */
  halt(group: AlertGroup): void {
    group.escalationStep = null;
    group.escalationDueAt = null;
    group.escalationWaitingForAlerts = false;
  }

  /**
   * A new alert arrived in `group`: a `notify_if_num_alerts_in_window` step paused on it re-checks at once.
   * Mutates the fields; the caller saves (in the inbound transaction).
   */
  alertAdded(group: AlertGroup, now = new Date()): void {
    if (!group.escalationWaitingForAlerts || group.escalationStep === null) return;
    group.escalationWaitingForAlerts = false;
    group.escalationDueAt = now;
  }

  /** Runs every escalation step that is due; called by the Scheduler. */
  async runDueSteps(now: Date): Promise<void> {
    const failed: number[] = [];
    for (let i = 0; i < MAX_STEPS_PER_TICK; i++) {
      let claimedId: number | null = null;
      try {
        const result = await this.ctx.dataSource.transaction(async (em) => {
          const group = await claimDueGroup(em, now, failed);
          if (!group) return null;
          claimedId = group.id;
          return this.runStep(em, group, now);
        });
        if (result === null) break;
        if (result.queued > 0) this.ctx.wakeDelivery();
      } catch (error) {
        if (claimedId === null) throw error;
        failed.push(claimedId);
        this.ctx.log.error("escalation step failed; retried later", { alertGroupId: claimedId, error });
        await this.postpone(claimedId, now);
      }
    }
  }

  /** Runs the group's current step and schedules the next; returns how many deliveries were queued. */
  private async runStep(em: EntityManager, group: AlertGroup, now: Date): Promise<{ queued: number }> {
    const steps = snapshotSteps(group.escalationSnapshot);
    const index = group.escalationStep ?? 0;
    // Defensive: a closed or silenced group, or a step past the end, never escalates.
    if (group.resolvedAt || group.acknowledgedAt || group.silencedAt || group.isWiped || index >= steps.length) {
      this.halt(group);
      await em.save(group);
      return { queued: 0 };
    }
    const { outcome, queued } = await this.runner.run(em, group, steps[index], now);
    this.schedule(group, index, steps.length, outcome);
    await em.save(group);
    return { queued };
  }

  private schedule(group: AlertGroup, index: number, length: number, outcome: StepOutcome): void {
    if (group.resolvedAt || outcome.kind === "stop") return this.halt(group);
    if (outcome.kind === "pause-for-alerts") {
      group.escalationStep = index;
      group.escalationDueAt = null;
      group.escalationWaitingForAlerts = true;
      return;
    }
    const nextIndex = outcome.kind === "repeat" ? 0 : index + 1;
    if (nextIndex >= length) return this.halt(group); // the last step ends the escalation
    group.escalationStep = nextIndex;
    group.escalationDueAt = outcome.at;
  }

  /** Moves a group whose step threw out of the way, so the other due groups still run. */
  private async postpone(groupId: number, now: Date): Promise<void> {
    await this.ctx.dataSource.transaction(async (em) => {
      await em.getRepository(AlertGroup).update(
        { id: groupId },
        { escalationDueAt: new Date(now.getTime() + FAILED_STEP_RETRY_MS) },
      );
    }).catch((error) => this.ctx.log.error("could not postpone a failing escalation step; retried next tick", { groupId, error }));
  }
}
