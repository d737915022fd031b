import { DetailError } from "../../errors";
import { isPlainObject } from "../python-types";

/** OnCall's integration templates object: four flat keys and seven channels (domain-api.md §4). */
export const FLAT_TEMPLATE_KEYS = ["grouping_key", "resolve_signal", "acknowledge_signal", "source_link"] as const;

export const CHANNEL_TEMPLATE_ATTRS = {
  slack: ["title", "message", "image_url"],
  web: ["title", "message", "image_url"],
  sms: ["title"],
  phone_call: ["title"],
  telegram: ["title", "message", "image_url"],
  mobile_app: ["title", "message"],
  email: ["title", "message"],
} as const satisfies Record<string, readonly string[]>;

type Channel = keyof typeof CHANNEL_TEMPLATE_ATTRS;
export type IntegrationTemplates = Record<string, string | null | Record<string, string | null>>;

/** The full shape with every leaf null: "use the type's default" everywhere. */
export function defaultTemplates(): IntegrationTemplates {
  const templates: IntegrationTemplates = {};
  for (const key of FLAT_TEMPLATE_KEYS) templates[key] = null;
  for (const [channel, attrs] of Object.entries(CHANNEL_TEMPLATE_ATTRS)) {
    templates[channel] = Object.fromEntries(attrs.map((a) => [a, null]));
  }
  return templates;
}

/** The stored object completed to the full shape (older rows or partial objects echo every key). */
export function completeTemplates(stored: Record<string, unknown> | null): IntegrationTemplates {
  const templates = defaultTemplates();
  if (!stored) return templates;
  for (const key of FLAT_TEMPLATE_KEYS) if (typeof stored[key] === "string") templates[key] = stored[key] as string;
  for (const channel of Object.keys(CHANNEL_TEMPLATE_ATTRS) as Channel[]) {
    const given = stored[channel];
    if (!isPlainObject(given)) continue;
    const target = templates[channel] as Record<string, string | null>;
    for (const attr of CHANNEL_TEMPLATE_ATTRS[channel]) if (typeof given[attr] === "string") target[attr] = given[attr] as string;
  }
  return templates;
}

/** Resolves to a compile error message, or null when the source compiles. */
export type SyntaxCheck = (source: string) => Promise<string | null>;

/**
 * Applies a templates input onto `current`: strings set, null resets, `{}` changes nothing, unknown top-level
 * keys are ignored. Templates are compiled (never run) here; the first problem is OnCall's `detail` 400.
 */
export async function applyTemplatesInput(current: IntegrationTemplates, input: Record<string, unknown>, check: SyntaxCheck): Promise<IntegrationTemplates> {
  const next = completeTemplates(current);
  for (const key of FLAT_TEMPLATE_KEYS) {
    if (!(key in input)) continue;
    const value = input[key];
    if (value === null) next[key] = null;
    else if (typeof value === "string" && (await check(value)) === null) next[key] = value;
    else throw new DetailError(400, `Invalid ${key} template data`);
  }
  for (const channel of Object.keys(CHANNEL_TEMPLATE_ATTRS) as Channel[]) {
    if (!(channel in input)) continue;
    next[channel] = await applyChannel(channel, next[channel] as Record<string, string | null>, input[channel], check);
  }
  return next;
}

async function applyChannel(channel: Channel, current: Record<string, string | null>, value: unknown, check: SyntaxCheck) {
  const attrs: readonly string[] = CHANNEL_TEMPLATE_ATTRS[channel];
  if (value === null) return Object.fromEntries(attrs.map((a) => [a, null]));
  if (!isPlainObject(value)) throw new DetailError(400, `Invalid ${channel} template data`);
  const next = { ...current };
  for (const [attr, source] of Object.entries(value)) {
    if (!attrs.includes(attr)) throw new DetailError(400, "Invalid template data");
    if (source === null) next[attr] = null;
    else if (typeof source === "string" && (await check(source)) === null) next[attr] = source;
    else throw new DetailError(400, `invalid ${channel} ${attr} template`);
  }
  return next;
}
