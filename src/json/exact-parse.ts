// Reading JSON without losing anything: lossless-json keeps every number's text (LosslessNumber), so integers
// beyond 2^53 and `3.0` can be written back exactly. Objects are JavaScript objects here, which list
// integer-like keys first; where the sender's key order matters the original text is kept (JsonText).
import { isLosslessNumber, parse, stringify } from "lossless-json";
import { JsonText } from "./json-text";
import { NESTING_MESSAGE, nestsDeeperThan } from "./nesting";

/** Text that is not JSON, or JSON nested deeper than the limit; `message` starts with "JSON parse error - ". */
export class JsonParseError extends Error {}

export class JsonNestingError extends JsonParseError {
  constructor() {
    super(NESTING_MESSAGE);
  }
}

/** Parses with numbers as LosslessNumber; a repeated key keeps its last value, as Python's json does. */
export function parseExact(text: string): unknown {
  if (nestsDeeperThan(text)) throw new JsonNestingError();
  try {
    return parse(text, null, { onDuplicateKey: ({ newValue }) => newValue });
  } catch (error) {
    throw new JsonParseError(`JSON parse error - ${(error as Error).message}`);
  }
}

/** JSON text of a value from parseExact, numbers as they were written. */
export function exactJsonText(value: unknown): JsonText {
  return new JsonText(stringify(value) ?? "null");
}

/** A JSON object from parseExact (a LosslessNumber is an object too, but not a JSON one). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}
