import { type EntityManager, IsNull, MoreThanOrEqual } from "typeorm";
import { enqueueEvent } from "../../events/enqueue";
import { Alert, type AlertGroup, EscalationPolicy, Webhook } from "../../schema/entities";
import { Trigger } from "../../schema/trigger-types";
import type { AppContext } from "../../context";
import type { Services } from "..";
import { notifyUsers } from "./notify";
import { nextRotationUser, stepRecipients } from "../../events/recipients";
import type { SnapshotStep } from "../../events/escalation-snapshot";
import { TRIGGER_WEBHOOK_STEP_NAME } from "./step-types";
import { DEFAULT_WAIT_MS, MAX_REPEATS, STEP_GAP_MS, nextWindowOpening } from "./timing";

/** What happens after a step (domain-api.md §5.4). */
export type StepOutcome =
  | { kind: "advance"; at: Date }
  | { kind: "repeat"; at: Date }
  | { kind: "pause-for-alerts" }
  | { kind: "stop" };

export interface StepResult {
  outcome: StepOutcome;
  /** Deliveries written in the transaction: the engine is woken after commit. */
  queued: number;
}

/** Runs one snapshot step for a group, inside the caller's transaction. A failing step is logged and moves on. */
export class EscalationStepRunner {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async run(em: EntityManager, group: AlertGroup, step: SnapshotStep, now: Date): Promise<StepResult> {
    const after = (ms: number): StepOutcome => ({ kind: "advance", at: new Date(now.getTime() + ms) });
    const next = after(STEP_GAP_MS);
    switch (step.type) {
      case "wait":
        return { outcome: after(step.duration !== null ? step.duration * 1000 : DEFAULT_WAIT_MS), queued: 0 };
      case "notify_persons":
      case "notify_team_members":
      case "notify_person_next_each_time":
        return { outcome: next, queued: await this.notify(em, group, step, now) };
      case "trigger_webhook":
        return { outcome: next, queued: await this.triggerWebhook(em, group, step, now) };
      case "resolve":
        return { outcome: { kind: "stop" }, queued: await this.resolve(em, group) };
      case "repeat_escalation":
        if (group.escalationRepeats >= MAX_REPEATS) return { outcome: next, queued: 0 };
        group.escalationRepeats += 1;
        return { outcome: { kind: "repeat", at: new Date(now.getTime() + STEP_GAP_MS) }, queued: 0 };
      case "notify_if_time_from_to":
        return { outcome: this.timeWindow(group, step, now) ?? next, queued: 0 };
      case "notify_if_num_alerts_in_window":
        return { outcome: (await this.alertsWindow(em, group, step)) ?? next, queued: 0 };
      case "notify_on_call_from_schedule":
        this.failed(group, step, "schedules are not supported");
        return { outcome: next, queued: 0 };
      case "notify_user_group":
        this.failed(group, step, "user groups are not supported");
        return { outcome: next, queued: 0 };
      default:
        this.failed(group, step, "unknown step type");
        return { outcome: next, queued: 0 };
    }
  }

  /** Resolves like the source would (`resolve` event, no user); the alert-group service owns the transition. */
  private async resolve(em: EntityManager, group: AlertGroup): Promise<number> {
    if (group.resolvedAt) return 0;
    await this.services.alertGroups.resolveByEscalation(em, group);
    return 1; // the resolve event may have queued deliveries: wake the engine after commit
  }

  private async notify(em: EntityManager, group: AlertGroup, step: SnapshotStep, now: Date): Promise<number> {
    const users = await stepRecipients(em, group.organizationId, step);
    if (users.length === 0) {
      this.failed(group, step, "no users to notify");
      return 0;
    }
    if (step.type === "notify_person_next_each_time") await this.advanceRotation(em, group, step);
    return notifyUsers(em, group, users, step.policyId, now);
  }

  /** Moves the round-robin cursor on the live policy (and in the snapshot, should the policy be deleted). */
  private async advanceRotation(em: EntityManager, group: AlertGroup, step: SnapshotStep): Promise<void> {
    const user = await nextRotationUser(em, group.organizationId, step);
    if (!user) return;
    await em.getRepository(EscalationPolicy).update({ id: step.policyId }, { lastNotifiedUserId: user.id });
    group.escalationSnapshot = (group.escalationSnapshot ?? []).map((s) =>
      s.policyId === step.policyId ? { ...s, lastNotifiedUserId: user.id } : s,
    );
  }

  private async triggerWebhook(em: EntityManager, group: AlertGroup, step: SnapshotStep, now: Date): Promise<number> {
    const webhook = step.actionToTriggerId === null ? null : await em.getRepository(Webhook).findOneBy({
      id: step.actionToTriggerId, organizationId: group.organizationId, deletedAt: IsNull(),
    });
    if (!webhook) {
      this.failed(group, step, `skipped escalation step "${TRIGGER_WEBHOOK_STEP_NAME}" because it is not configured`);
      return 0;
    }
    // One rule for "enabled" (spec README rulings): only false disables; null counts as enabled.
    if (webhook.isWebhookEnabled === false) {
      this.failed(group, step, `skipped escalation step "${TRIGGER_WEBHOOK_STEP_NAME}" because it is disabled`);
      return 0;
    }
    const { deliveries } = await enqueueEvent(em, {
      organizationId: group.organizationId, alertGroupId: group.id, type: Trigger.escalation,
      userId: null, webhookId: webhook.id, escalationPolicyId: step.policyId, createdAt: now,
    });
    return deliveries.length;
  }

  /** Inside the window: continue. Outside: the next step runs when the window opens. */
  private timeWindow(group: AlertGroup, step: SnapshotStep, now: Date): StepOutcome | null {
    if (step.notifyIfTimeFrom === null || step.notifyIfTimeTo === null) {
      this.failed(group, step, "time window is not configured");
      return null;
    }
    const opening = nextWindowOpening(now, step.notifyIfTimeFrom, step.notifyIfTimeTo);
    return opening ? { kind: "advance", at: opening } : null;
  }

  /** Continue only with more than X alerts in the Y minutes before the newest alert; else pause until one arrives. */
  private async alertsWindow(em: EntityManager, group: AlertGroup, step: SnapshotStep): Promise<StepOutcome | null> {
    if (step.numAlertsInWindow === null || step.numMinutesInWindow === null) {
      this.failed(group, step, "alert count window is not configured");
      return null;
    }
    const newest = await em.getRepository(Alert).findOne({ where: { alertGroupId: group.id }, order: { createdAt: "DESC", id: "DESC" } });
    if (!newest) return { kind: "pause-for-alerts" };
    const since = new Date(newest.createdAt.getTime() - step.numMinutesInWindow * 60_000);
    const count = await em.getRepository(Alert).countBy({ alertGroupId: group.id, createdAt: MoreThanOrEqual(since) });
    return count > step.numAlertsInWindow ? null : { kind: "pause-for-alerts" };
  }

  /** OnCall's alert-group log "escalation failed"; outhook has no such log, so it goes to the application log. */
  private failed(group: AlertGroup, step: SnapshotStep, reason: string): void {
    this.ctx.log.warn("escalation step failed", { alertGroup: group.publicId, policyId: step.policyId, step: step.type, reason });
  }
}
