import type { EntityManager } from "typeorm";
import type { AlertGroup } from "../schema/entities";
import type { ServiceContext } from "./context";
import type { Services } from "./index";

export class EscalationService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly services: Services,
  ) {}

  /**
   * (Re)start escalation of `group` from the first step after `delayMs`, with a fresh snapshot of its route's
   * chain. Mutates the group's escalation fields; the caller saves the group in its transaction.
   */
  async begin(em: EntityManager, group: AlertGroup, delayMs: number): Promise<void> {
    void em; void group; void delayMs;
  }

  /** Stop escalation of `group` (acknowledge, resolve, silence, wipe). Mutates the fields; the caller saves. */
  halt(group: AlertGroup): void {
    group.escalationStep = null;
    group.escalationDueAt = null;
    group.escalationSnapshot = null;
    group.escalationWaitingForAlerts = false;
  }

  /** Runs every escalation step that is due; called by the Scheduler. */
  async runDueSteps(now: Date): Promise<void> {
    void now;
  }
}
