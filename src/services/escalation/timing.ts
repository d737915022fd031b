/** Escalation timing rules (domain-api.md §5.4, §8): pure functions of values. */

/** The gap after an ordinary step. */
export const STEP_GAP_MS = 5_000;
/** A `wait` step without a duration. */
export const DEFAULT_WAIT_MS = 5 * 60_000;
/** `repeat_escalation` jumps back at most this many times per escalation run. */
export const MAX_REPEATS = 5;

function secondsOfDay(time: string): number {
  const [h, m, s] = time.replace(/Z$/, "").split(":").map(Number);
  return h * 3600 + m * 60 + s;
}

/**
 * `notify_if_time_from_to`: null when `now` (UTC) is inside [from, to) — a window with from > to wraps
 * midnight, from = to covers the whole day — else the next instant the window opens.
 */
export function nextWindowOpening(now: Date, from: string, to: string): Date | null {
  const day = Math.floor(now.getTime() / 86_400_000) * 86_400_000;
  const t = (now.getTime() - day) / 1000;
  const start = secondsOfDay(from);
  const end = secondsOfDay(to);
  const inside = start === end || (start < end ? t >= start && t < end : t >= start || t < end);
  if (inside) return null;
  const today = day + start * 1000;
  return new Date(today > now.getTime() ? today : today + 86_400_000);
}
