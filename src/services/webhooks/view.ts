import { In, type EntityManager } from "typeorm";
import { spliceResponses } from "../../attempts/shared-responses";
import { idChunks } from "../../db/sql";
import { ResponsesSnapshot } from "../../schema/entities/responses-snapshot.entity";
import type { WebhookResponse } from "../../schema/entities/webhook-response.entity";
import type { Webhook } from "../../schema/entities/webhook.entity";
import { triggerName, type TriggerName } from "../../schema/trigger-types";
import { SECRET_PLACEHOLDER } from "./fields";

/** A webhook as every API shows it: public ids, trigger name, secrets masked. Surfaces only rename keys. */
export interface WebhookView {
  id: string;
  name: string;
  isWebhookEnabled: boolean | null;
  /** Team public id. */
  team: string | null;
  data: string | null;
  username: string | null;
  password: string | null;
  authorizationHeader: string | null;
  triggerTemplate: string | null;
  headers: string | null;
  url: string;
  forwardAll: boolean;
  httpMethod: string;
  triggerType: TriggerName;
  /** Integration public ids; null when there are none (never `[]`). */
  integrationFilter: string[] | null;
  preset: string | null;
  /** Requests carry Standard Webhooks signatures (a signing secret is stored). */
  signed: boolean;
  /** Set while failing deliveries keep the webhook paused (GraphQL only: REST keeps OnCall's shape). */
  pausedAt: Date | null;
  pauseReason: string | null;
  /** Internal ids, for loading related rows of a page at once (never shown). */
  rowIds: { id: number; teamId: number | null };
}

/** A stored secret shows as the placeholder; `null` and `""` show as stored. */
export const maskSecret = (value: string | null) => (value ? SECRET_PLACEHOLDER : value);

export function toWebhookView(webhook: Webhook, teamPublicId: string | null): WebhookView {
  return {
    id: webhook.publicId,
    name: webhook.name,
    isWebhookEnabled: webhook.isWebhookEnabled,
    team: teamPublicId,
    data: webhook.data,
    username: webhook.username,
    password: maskSecret(webhook.password),
    authorizationHeader: maskSecret(webhook.authorizationHeader),
    triggerTemplate: webhook.triggerTemplate,
    headers: webhook.headers,
    url: webhook.url,
    forwardAll: webhook.forwardAll,
    httpMethod: webhook.httpMethod,
    triggerType: triggerName(webhook.triggerType),
    integrationFilter: webhook.integrationFilter?.length ? webhook.integrationFilter : null,
    preset: webhook.preset,
    signed: Boolean(webhook.signingSecret),
    pausedAt: webhook.pausedAt,
    pauseReason: webhook.pauseReason,
    rowIds: { id: webhook.id, teamId: webhook.teamId },
  };
}

/** One delivery attempt record (`/responses` item), the stored text as is. */
export interface WebhookResponseView {
  timestamp: Date;
  url: string | null;
  requestTrigger: string | null;
  requestHeaders: string | null;
  requestData: string | null;
  statusCode: number | null;
  content: string | null;
  eventData: string;
  /** 1-based attempt number within its delivery. */
  attempt: number;
  /** How long the send took; null when nothing was sent. Not part of OnCall's REST shape. */
  durationMs: number | null;
}

/** `record` must have its shared `responses` back in place (restoreEventData). */
export function toResponseView(record: WebhookResponse): WebhookResponseView {
  if (record.responsesAt !== null) throw new Error("a record's event_data was read without its shared responses: restoreEventData first");
  return {
    timestamp: record.timestamp,
    url: record.url,
    requestTrigger: record.requestTrigger,
    requestHeaders: record.requestHeaders,
    requestData: record.requestData,
    statusCode: record.statusCode,
    content: record.content,
    eventData: record.eventData,
    attempt: record.attempt,
    durationMs: record.durationMs,
  };
}

export interface Paged<T> {
  total: number;
  items: T[];
}

/** A page window chosen once the total is known (a page beyond the last serves the last one). */
export type PageWindow = { offset: number; limit: number } | ((total: number) => { offset: number; limit: number });

export const windowFor = (page: PageWindow, total: number) => (typeof page === "function" ? page(total) : page);

/**
 * Puts the shared `responses` back into the records' event_data (src/attempts/shared-responses.ts), with one
 * query for all their snapshots; returns the same records.
 */
export async function restoreEventData(em: EntityManager, records: WebhookResponse[]): Promise<WebhookResponse[]> {
  const cut = records.filter((r) => r.responsesHash !== null && r.responsesAt !== null);
  if (cut.length === 0) return records;
  const texts = new Map<string, string>();
  for (const hashes of idChunks([...new Set(cut.map((r) => r.responsesHash!))])) {
    for (const s of await em.getRepository(ResponsesSnapshot).findBy({ hash: In(hashes) })) texts.set(s.hash, s.text);
  }
  for (const r of cut) {
    const text = texts.get(r.responsesHash!);
    // The foreign key keeps every snapshot a record uses; were one missing, the record shows without it.
    if (text !== undefined) r.eventData = spliceResponses(r.eventData, r.responsesAt!, text);
    r.responsesAt = null;
    r.responsesHash = null;
  }
  return records;
}
