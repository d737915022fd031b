// A record's event_data is the payload that was sent. An event's records differ only in their last key, `webhook`:
// all the rest (the alert payload, twice; the group; the `responses` of the group's webhooks) is stored once per
// distinct text, in responses_snapshot (named when it held `responses` alone), and each record keeps what is its
// own. An Alertmanager alert's records shrank from ~3.7 KB each to ~70 bytes; one alert to 1,000 webhooks no
// longer stores their responses 1,000 times. Reading puts the shared text back in (spliceSharedPart).
import { createHash } from "node:crypto";
import type { EventPayload } from "../events/event-data";
import { pyJsonString, pythonDumps } from "./python-dumps";

/** A smaller common part stays inline: a snapshot row and its key would cost more than they save. */
const SHARED_FROM_CHARS = 1024;
const WEBHOOK_KEY = ', "webhook": ';

/** The text cut out of a record's event_data at `at`, and the snapshot that holds it. */
export interface SharedPart {
  at: number;
  hash: string;
  text: string;
}

export interface RecordEventData {
  text: string;
  shared: SharedPart | null;
}

/**
 * The common parts last built, with the member texts they were built from: an event's records, which a batch
 * holds side by side, then share one string (none keeps a copy of its own alive while it waits to be recorded)
 * and hash it once. Few, because a part can be large (`responses` of many webhooks).
 */
interface BuiltPart {
  members: string[];
  part: SharedPart;
}
const built: BuiltPart[] = [];
const PARTS_KEPT = 16;

/**
 * pythonDumps(payload), its common part apart. `memo`: the batch's serialisation cache (python-dumps.ts), which
 * gives an event's deliveries the same text for the same sub-object, so comparing members is mostly by identity.
 */
export function recordEventData(payload: EventPayload, memo?: WeakMap<object, string>): RecordEventData {
  const entries = Object.entries(payload).filter(([, v]) => v !== undefined);
  // The record's own part is `webhook`, the last key (event-data.ts composePayload); else only the closing brace.
  const own = entries.length > 1 && entries[entries.length - 1][0] === "webhook" ? entries.pop()![1] : undefined;
  const members = entries.flatMap(([k, v]) => [pyJsonString(k), pythonDumps(v, memo)]);
  const ownText = own === undefined ? "}" : `${WEBHOOK_KEY}${pythonDumps(own, memo)}}`;
  const known = built.find((b) => sameMembers(b.members, members));
  if (known) return { text: ownText, shared: known.part };
  // Without its closing brace; the members' texts come from the memo, so this costs one join.
  const common = pythonDumps(Object.fromEntries(entries), memo).slice(0, -1);
  if (common.length < SHARED_FROM_CHARS) return { text: common + ownText, shared: null };
  const part = { at: 0, hash: createHash("sha256").update(common).digest("hex"), text: common };
  if (built.length >= PARTS_KEPT) built.shift();
  built.push({ members, part });
  return { text: ownText, shared: part };
}

function sameMembers(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The whole event_data of a record whose shared part was cut out at `at`. */
export function spliceSharedPart(eventData: string, at: number, sharedText: string): string {
  return `${eventData.slice(0, at)}${sharedText}${eventData.slice(at)}`;
}
