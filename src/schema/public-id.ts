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

/**
 * Cryptographically random bytes drawn 4 KiB at a time and used once each: one randomBytes call per id cost more
 * than the rest of storing an alert's ids (the bytes are as random as before, only fetched in bulk).
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;

function randomByte(): number {
  if (poolAt >= pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolAt = 0;
  }
  return pool[poolAt++];
}

export function newPublicId(kind: IdKind): string {
  const length = ID_PREFIX[kind].length + 12;
  let id: string = ID_PREFIX[kind];
  while (id.length < length) {
    const byte = randomByte();
    if (byte < UNBIASED_BELOW) id += ALPHABET[byte % ALPHABET.length];
  }
  return id;
}

export function looksLikePublicId(kind: IdKind, value: unknown): value is string {
  return typeof value === "string" && value.length === ID_PREFIX[kind].length + 12 && value.startsWith(ID_PREFIX[kind]);
}
