import { DetailError } from "../../errors";

const MAX_DATE_MS = 8.64e15;

/**
 * The silence `delay` as OnCall reads it (`int(delay)` in Python): JSON numbers are truncated, booleans are 0/1,
 * integer strings such as "120" or " -1 " are accepted, "1.5" and "fuzz" are not; below -1 is invalid.
 */
export function parseSilenceDelay(value: unknown, now: Date): number {
  if (value === undefined || value === null) throw new DetailError(400, "delay is required");
  let delay: number | null = null;
  if (typeof value === "number" && Number.isFinite(value)) delay = Math.trunc(value);
  else if (typeof value === "boolean") delay = value ? 1 : 0;
  else if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) delay = Number(value.trim());
  if (delay === null || !Number.isSafeInteger(delay) || delay < -1) throw new DetailError(400, "invalid delay value");
  // Python would overflow computing the end date; an unreachable date is just as invalid here.
  if (now.getTime() + delay * 1000 > MAX_DATE_MS) throw new DetailError(400, "invalid delay value");
  return delay;
}
