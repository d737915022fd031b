import { ValidationError } from "../errors";

/** DRF's ProhibitNullCharactersValidator message (every OnCall CharField carries it). */
export const NULL_CHARACTERS_MESSAGE = "Null characters are not allowed.";

/**
 * Whether a JSON-like value holds U+0000 in any string or key. PostgreSQL cannot store or even compare such text
 * (a 500 on every path), SQLite would store it silently. Iterative: a 1 MB body nests deeper than the stack.
 */
export function holdsNullCharacter(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === "string") {
      if (item.includes("\u0000")) return true;
    } else if (Array.isArray(item)) {
      for (const nested of item) pending.push(nested);
    } else if (typeof item === "object" && item !== null) {
      for (const [key, nested] of Object.entries(item)) {
        if (key.includes("\u0000")) return true;
        pending.push(nested);
      }
    }
  }
  return false;
}

/**
 * The one check for all input: every field whose value holds a NUL anywhere inside is reported, DRF style
 * (`{"name": ["Null characters are not allowed."]}`), before anything reads it.
 */
export function refuseNullCharacters(fields: Record<string, unknown>): void {
  const refused = Object.keys(fields).filter((key) => holdsNullCharacter(fields[key]));
  if (refused.length > 0) throw new ValidationError(Object.fromEntries(refused.map((key) => [key, [NULL_CHARACTERS_MESSAGE]])));
}
