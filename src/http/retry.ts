// Retry classification (Rulings: connect errors, timeouts, 5xx, 429 and 408 retry; the rest is final).
import type { SendOutcome } from "./types";

export function isRetryable(outcome: SendOutcome): boolean {
  switch (outcome.kind) {
    case "url_rejected":
      return false;
    case "transport_error":
      // Every non-TLS transport failure (refused, reset, timeout, DNS at connect, redirect loop)
      // is treated as transient, as OnCall does; certificate problems will not fix themselves.
      return !outcome.tls;
    case "response":
      return outcome.status >= 500 || outcome.status === 429 || outcome.status === 408;
  }
}

/** Retry-After as whole seconds from now (delta-seconds or HTTP-date), or undefined if absent/invalid. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  if (!/[a-z]/i.test(v)) return undefined; // Date.parse accepts bare numbers like "-5"; an HTTP-date has a weekday/month
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
