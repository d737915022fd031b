import { randomBytes } from "node:crypto";

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

/** Bytes at or above this would make `byte % 34` favour the first letters: they are drawn again. */
const UNBIASED_BELOW = 256 - (256 % ALPHABET.length);

export function newPublicId(kind: IdKind): string {
  let id: string = ID_PREFIX[kind];
  while (id.length < ID_PREFIX[kind].length + 12) {
    for (const byte of randomBytes(16)) {
      if (byte < UNBIASED_BELOW && id.length < ID_PREFIX[kind].length + 12) id += ALPHABET[byte % ALPHABET.length];
    }
  }
  return id;
}

export function looksLikePublicId(kind: IdKind, value: unknown): value is string {
  return typeof value === "string" && value.length === ID_PREFIX[kind].length + 12 && value.startsWith(ID_PREFIX[kind]);
}
