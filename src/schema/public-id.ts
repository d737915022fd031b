import { randomInt } from "node:crypto";

/** OnCall's public id alphabet: no O, no 0. */
const ALPHABET = "ABCDEFGHIJKLMNPQRSTUVWXYZ123456789";

export const ID_PREFIX = {
  organization: "O",
  team: "T",
  user: "U",
  integration: "C",
  route: "R",
  alertGroup: "I",
  alert: "A",
  escalationChain: "F",
  escalationPolicy: "E",
  webhook: "WH",
  delivery: "D",
} as const;

export type IdKind = keyof typeof ID_PREFIX;

export function newPublicId(kind: IdKind): string {
  let id: string = ID_PREFIX[kind];
  for (let i = 0; i < 12; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

export function looksLikePublicId(kind: IdKind, value: unknown): value is string {
  return typeof value === "string" && value.length === ID_PREFIX[kind].length + 12 && value.startsWith(ID_PREFIX[kind]);
}
