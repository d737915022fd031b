// When a failing webhook pauses (README "Failing webhooks pause"): pure, so the rule reads in one place.

/** What the database says about one webhook right after one of its deliveries ended failed. */
export interface PauseFacts {
  paused: boolean;
  deleted: boolean;
  /** Deliveries that ended failed since the window opened: the last success, or the last resume if later. */
  failures: number;
  /** When the first of them ended; null without failures. */
  firstFailureAt: Date | null;
  /** The database's clock (the one finished_at was written by). */
  now: Date;
}

export interface PausePolicy {
  pauseAfterMs: number;
  pauseMinFailures: number;
}

/** The pause reason, or null to keep delivering. */
export function pauseReasonFor(facts: PauseFacts, policy: PausePolicy): string | null {
  if (facts.paused || facts.deleted || facts.firstFailureAt === null) return null;
  if (facts.failures < policy.pauseMinFailures) return null;
  if (facts.now.getTime() - facts.firstFailureAt.getTime() < policy.pauseAfterMs) return null;
  return `${facts.failures} deliveries failed and none succeeded since ${facts.firstFailureAt.toISOString()}`;
}
