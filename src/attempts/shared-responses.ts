// A record's event_data without its `responses`, which are stored once per distinct text (responses_snapshot):
// in a fan-out every record carried the latest responses of all the other webhooks, webhooks² bytes in all. The
// stored text is the whole one with `, "responses": <text>` cut out at `at`; reading puts it back (spliceResponses).
import { createHash } from "node:crypto";
import type { EventPayload } from "../events/event-data";
import { pythonDumps } from "./python-dumps";

/** Smaller `responses` stay inline: a snapshot row and its key would cost more than they save. */
const SHARED_FROM_CHARS = 1024;
const KEY = ', "responses": ';

/** Where `responses` was cut out of a record's event_data, and the snapshot that holds it. */
export interface SharedResponses {
  at: number;
  hash: string;
  text: string;
}

export interface RecordEventData {
  text: string;
  responses: SharedResponses | null;
}

const hashes = new WeakMap<object, string>();

/** pythonDumps(payload), with a large `responses` apart. `memo`: the batch's serialisation cache (python-dumps.ts). */
export function recordEventData(payload: EventPayload, memo?: WeakMap<object, string>): RecordEventData {
  const shared = payload.responses;
  const text = typeof shared === "object" && shared !== null ? pythonDumps(shared, memo) : "";
  // Cut where the text after `responses` is known: the end, or only `webhook` (event-data.ts composePayload).
  const keys = Object.keys(payload);
  const after = keys.slice(keys.indexOf("responses") + 1).join();
  if (text.length < SHARED_FROM_CHARS || (after !== "" && after !== "webhook")) return { text: pythonDumps(payload, memo), responses: null };
  let hash = hashes.get(shared as object);
  if (!hash) hashes.set(shared as object, (hash = createHash("sha256").update(text).digest("hex")));
  const { responses: _cut, ...rest } = payload;
  const restText = pythonDumps(rest, memo);
  // A dumped string never holds `, "webhook": ` with bare quotes: the last one is the top-level key.
  const at = after === "webhook" ? restText.lastIndexOf(', "webhook": ') : restText.length - 1;
  return { text: restText, responses: { at, hash, text } };
}

/** The whole event_data of a record whose `responses` were cut out at `at`. */
export function spliceResponses(eventData: string, at: number, responsesText: string): string {
  return `${eventData.slice(0, at)}${KEY}${responsesText}${eventData.slice(at)}`;
}
