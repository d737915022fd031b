/**
 * Django REST framework's field coercions, as OnCall's serializers apply them. Each returns the value or an
 * error message (the exact DRF text), never throws.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

const TRUE_VALUES = new Set<unknown>(["t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1", 1, true]);
const FALSE_VALUES = new Set<unknown>(["f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0", 0, false]);

export function parseBoolean(value: unknown): Parsed<boolean> {
  if (TRUE_VALUES.has(value)) return ok(true);
  if (FALSE_VALUES.has(value)) return ok(false);
  return fail("Must be a valid boolean.");
}

/** DRF IntegerField: ints, integral floats ("3.0") and numeric strings; booleans are not integers. */
export function parseInteger(value: unknown): Parsed<number> {
  if (typeof value !== "number" && typeof value !== "string") return fail("A valid integer is required.");
  const text = String(value).replace(/\.0*\s*$/, "");
  if (!/^\s*[+-]?\d+\s*$/.test(text)) return fail("A valid integer is required.");
  return ok(Number.parseInt(text.trim(), 10));
}

/** DRF FloatField: numbers and numeric strings; Python's float(True) is 1.0. */
export function parseNumber(value: unknown): Parsed<number> {
  if (typeof value === "boolean") return ok(value ? 1 : 0);
  if (typeof value === "number") return Number.isFinite(value) ? ok(value) : fail("A valid number is required.");
  if (typeof value === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) return ok(Number(value));
  return fail("A valid number is required.");
}

const TIME_FORMAT_MESSAGE = "Time has wrong format. Use one of these formats instead: hh:mm:ssZ.";

/** DRF TimeField with OnCall's only input format `%H:%M:%SZ` (strptime takes 1–2 digits per part). */
export function parseUtcTime(value: unknown): Parsed<string> {
  const match = typeof value === "string" ? /^(\d{1,2}):(\d{1,2}):(\d{1,2})Z$/.exec(value) : null;
  if (!match) return fail(TIME_FORMAT_MESSAGE);
  const [h, m, s] = match.slice(1).map(Number);
  if (h > 23 || m > 59 || s > 59) return fail(TIME_FORMAT_MESSAGE);
  const pad = (n: number) => String(n).padStart(2, "0");
  return ok(`${pad(h)}:${pad(m)}:${pad(s)}Z`);
}

