import { In, type EntityManager } from "typeorm";
import { spliceSharedPart } from "../../attempts/shared-event-data";
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

/**
 * The records as `/responses` shows them, each with its whole event_data: shared parts are put back
 * (src/attempts/shared-event-data.ts), their snapshots read with one query for all the records.
 */
export async function responseViews(em: EntityManager, records: WebhookResponse[]): Promise<WebhookResponseView[]> {
  const snapshots = await snapshotTexts(em, records);
  return records.map((record) => ({
    timestamp: record.timestamp,
    url: record.url,
    requestTrigger: record.requestTrigger,
    requestHeaders: record.requestHeaders,
    requestData: record.requestData,
    statusCode: record.statusCode,
    content: record.content,
    eventData: wholeEventData(record, snapshots),
    attempt: record.attempt,
    durationMs: record.durationMs,
  }));
}

export interface Paged<T> {
  total: number;
  items: T[];
}

/** A page window chosen once the total is known (a page beyond the last serves the last one). */
export type PageWindow = { offset: number; limit: number } | ((total: number) => { offset: number; limit: number });

export const windowFor = (page: PageWindow, total: number) => (typeof page === "function" ? page(total) : page);

async function snapshotTexts(em: EntityManager, records: WebhookResponse[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const hashes = [...new Set(records.flatMap((r) => (r.responsesHash === null ? [] : [r.responsesHash])))];
  for (const chunk of idChunks(hashes)) {
    for (const s of await em.getRepository(ResponsesSnapshot).findBy({ hash: In(chunk) })) texts.set(s.hash, s.text);
  }
  return texts;
}

function wholeEventData(record: WebhookResponse, snapshots: Map<string, string>): string {
  const text = record.responsesHash === null || record.responsesAt === null ? undefined : snapshots.get(record.responsesHash);
  // The foreign key keeps every snapshot a record uses; were one missing, the record shows without it.
  return text === undefined ? record.eventData : spliceSharedPart(record.eventData, record.responsesAt!, text);
}
