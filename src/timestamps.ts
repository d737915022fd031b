// OnCall's two timestamp forms (delivery.md §1, §4; REST datetimes use the Z form): microseconds when non-zero
// (JavaScript dates carry milliseconds, so the last three digits are always 0), none when zero.

function fraction(date: Date): string {
  const ms = date.getUTCMilliseconds();
  return ms ? `.${String(ms * 1000).padStart(6, "0")}` : "";
}

/** `2025-03-14T09:12:03.552000Z` — timestamps inside `alert_group`. */
export function isoZ(date: Date | null | undefined): string | null {
  return date ? `${date.toISOString().slice(0, 19)}${fraction(date)}Z` : null;
}

/** `2025-03-14T09:27:41.118000+00:00` — `event.time` and `event.until`. */
export function isoOffset(date: Date | null | undefined): string | null {
  return date ? `${date.toISOString().slice(0, 19)}${fraction(date)}+00:00` : null;
}
