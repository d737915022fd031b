import { MESSAGES } from "./fields";

/** The outcome of reading one raw JSON value as a field: a value, or the DRF message to report. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T = never>(error: string): Parsed<T> => ({ ok: false, error });


/** Python truthiness of a JSON value (`integration_filter` treats every falsy value as "no filter"). */
export function pythonFalsy(value: unknown): boolean {
  if (value === null || value === false || value === 0 || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value as object).length === 0;
}

export interface StringRules {
  allowNull: boolean;
  /** What `""` (after trimming) becomes; undefined = `This field may not be blank.` */
  blankAs?: string | null;
  maxLength?: number;
}

/**
 * DRF's CharField: numbers become their text, other non-strings are refused, surrounding
 * whitespace is trimmed before the blank and length checks. Length counts code points, as Python.
 */
export function parseString(raw: unknown, rules: StringRules): Parsed<string | null> {
  if (raw === null) return rules.allowNull ? ok(null) : fail(MESSAGES.notNull);
  if (typeof raw === "number" && Number.isFinite(raw)) raw = String(raw);
  if (typeof raw !== "string") return fail(MESSAGES.notString);
  const value = raw.trim();
  if (value === "") return rules.blankAs === undefined ? fail(MESSAGES.notBlank) : ok(rules.blankAs);
  if (rules.maxLength !== undefined && [...value].length > rules.maxLength) return fail(MESSAGES.maxLength(rules.maxLength));
  return ok(value);
}

// DRF's BooleanField accepts exactly these spellings (lower, Capitalised and UPPER case).
const spellings = (words: string[]) => new Set(words.flatMap((w) => [w, w[0].toUpperCase() + w.slice(1), w.toUpperCase()]));
const TRUE_TEXT = spellings(["t", "y", "yes", "true", "on", "1"]);
const FALSE_TEXT = spellings(["f", "n", "no", "false", "off", "0"]);

export function parseBoolean(raw: unknown, allowNull: boolean): Parsed<boolean | null> {
  if (raw === null) return allowNull ? ok(null) : fail(MESSAGES.notNull);
  if (raw === true || raw === 1) return ok(true);
  if (raw === false || raw === 0) return ok(false);
  if (typeof raw === "string" && TRUE_TEXT.has(raw)) return ok(true);
  if (typeof raw === "string" && FALSE_TEXT.has(raw)) return ok(false);
  return fail(MESSAGES.notBoolean);
}
