// Shared helpers for the templating tests.
import * as fs from "node:fs";
import * as path from "node:path";
import { JsonText } from "../../src/templating";
import { FIXTURES_DIR } from "../helpers/fixtures";

export const FIXTURES = path.join(FIXTURES_DIR, "templates");

/** A fixture context as lossless JSON text (big ints and 3.0 keep their Python types). */
export function fixtureContext(name: string): JsonText {
  return new JsonText(fs.readFileSync(path.join(FIXTURES, "contexts", `${name}.json`), "utf8"));
}

/** Python prints object addresses; they cannot match and are not compared. */
export function normalizeAddresses(s: string): string {
  return s.replace(/0x[0-9a-f]{6,}/g, "0xADDR");
}
