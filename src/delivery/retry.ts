// When the next attempt of a delivery runs, if at all (spec README rulings "retry schedule", delivery.md §14.4).
// Pure: values in, a decision out.

export type RetryDecision = { kind: "retry"; at: Date; delaySeconds: number } | { kind: "final" };

export interface RetryInput {
  /** The attempt that just finished, 1-based. */
  attempt: number;
  /** Timeouts, connect errors, 5xx, 408 and 429 may retry; other 4xx, TLS and template/URL errors are final. */
  retryable: boolean;
  /** The receiver's Retry-After, in seconds, when it sent one. */
  retryAfterSeconds?: number;
  /** WEBHOOK_RETRY_SCHEDULE: delay before attempt 2, 3, … (each counted from the previous attempt). */
  scheduleSeconds: readonly number[];
  now: Date;
}

/** A Retry-After never holds a delivery longer than this (nor longer than the schedule's longest delay, if larger). */
export const RETRY_AFTER_CAP_SECONDS = 3600;

/**
 * Total attempts = 1 + schedule length. Retry-After can only push an attempt later than the schedule says
 * (waiting longer is always compliant), capped so one header cannot park a delivery for days.
 */
export function decideRetry(input: RetryInput): RetryDecision {
  const { attempt, scheduleSeconds } = input;
  if (!input.retryable || attempt < 1 || attempt > scheduleSeconds.length) return { kind: "final" };
  let delay = scheduleSeconds[attempt - 1];
  if (input.retryAfterSeconds !== undefined && Number.isFinite(input.retryAfterSeconds)) {
    const cap = Math.max(RETRY_AFTER_CAP_SECONDS, ...scheduleSeconds);
    delay = Math.max(delay, Math.min(Math.max(0, input.retryAfterSeconds), cap));
  }
  return { kind: "retry", delaySeconds: delay, at: new Date(input.now.getTime() + delay * 1000) };
}
