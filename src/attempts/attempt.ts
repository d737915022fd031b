// One attempt of one delivery, delivery.md §3 step by step: integration filter → trigger template → URL →
// headers / body / auth → send (signed as it leaves) → record. Planning (no network) and completing (after the
// send) are separate so the engine can put only the send behind the concurrency lanes.
import type { Webhook } from "../schema/entities";
import { Trigger } from "../schema/trigger-types";
import type { EventPayload, GroupParts } from "../events/event-data";
import { isRetryable, type HttpMethod, type OutgoingRequest, type TimedOutcome } from "../http";
import { JsonText } from "../json/json-text";
import { pythonDumps } from "./python-dumps";
import { emptyDraft, headersText, MASK, maskUrlUserinfo, singleLine, type RecordDraft } from "./record";
import { isTriggered, renderWebhookField, type FieldRenderer, type FieldResult, type TemplateField } from "./render-field";
import type { TemplateContext, TemplateFailureKind } from "../templating";
import {
  HEADERS_NOT_A_DICT, hasHeader, hostOf, isJsonText, methodCarriesBody, parseHeaderMap, withAuthorizationHeader, withBasicAuth,
} from "./request-parts";

export interface AttemptInput {
  /** Delivery.publicId: the Standard Webhooks `webhook-id`, the same for every attempt of one delivery. */
  messageId: string;
  webhook: Webhook;
  parts: GroupParts;
  payload: EventPayload;
  /** The trigger the record stores (delivery.md §8 `trigger_type`). */
  trigger: number;
  now: Date;
  /** Test sends of the sample payload: its made-up integration is in no filter. */
  skipIntegrationFilter?: boolean;
  /** Serialisation cache shared by the deliveries of one batch (python-dumps.ts). */
  payloadMemo?: WeakMap<object, string>;
}

export interface AttemptDeps {
  renderer: FieldRenderer;
  checkUrl(url: string): Promise<{ ok: true } | { ok: false; message: string }>;
}

export type AttemptPlan =
  /** Not triggered (integration filter, trigger template false): no record (§3 steps 3–4). */
  | { kind: "skip"; reason: string }
  /** Failed before sending (template or URL errors): recorded once, never retried (§10). */
  | { kind: "fail"; draft: RecordDraft; cause: FailureBeforeSend }
  | { kind: "send"; draft: RecordDraft; request: OutgoingRequest; host: string };

/**
 * Why an attempt failed before sending: a template field failed (or its output was unusable: headers that are
 * not a dict), or the URL was refused by §6 (malformed, self-reference, unresolvable, a forbidden address).
 */
export type FailureBeforeSend =
  | { kind: "template"; field: TemplateField; failure: TemplateFailureKind | "invalid_output" }
  | { kind: "url_refused" };

export interface AttemptResult {
  draft: RecordDraft;
  /** Worth another attempt later (timeouts, connect errors, 5xx, 408, 429). */
  retryable: boolean;
  retryAfterSeconds?: number;
  /** A response below 400 arrived. */
  delivered: boolean;
}

export const NOT_FROM_SELECTED_INTEGRATION = "Alert group was not from a selected integration";

export async function planAttempt(deps: AttemptDeps, input: AttemptInput): Promise<AttemptPlan> {
  const { webhook } = input;
  const personal = input.trigger === Trigger.personalNotification;
  const legacy = webhook.isLegacy;
  const draft = emptyDraft();

  const filter = webhook.integrationFilter ?? [];
  if (!input.skipIntegrationFilter && filter.length > 0 && !filter.includes(input.parts.integrationPublicId)) {
    return { kind: "skip", reason: NOT_FROM_SELECTED_INTEGRATION };
  }

  // Templates see the payload through JSON text (exact numbers, key order kept), one text per top-level variable:
  // the event's big parts (alert payload, group, integration) are the same objects, hence the same texts, for
  // every webhook of the event, so the renderer imports them once (templating/import-memo.ts). Through the memo
  // the texts are also the forward_all body and the record's event_data.
  const memo = input.payloadMemo ?? new WeakMap<object, string>();
  const payload = templateContext(input.payload, memo);

  draft.requestTrigger = "";
  if (webhook.triggerTemplate) {
    const rendered = await renderWebhookField(deps.renderer, "trigger_template", webhook.triggerTemplate, payload, legacy);
    if (!rendered.ok) return { kind: "fail", draft: { ...draft, requestTrigger: rendered.record }, cause: templateCause("trigger_template", rendered) };
    if (!isTriggered(rendered.output)) return { kind: "skip", reason: rendered.output };
    draft.requestTrigger = rendered.output;
  }

  const url = await renderWebhookField(deps.renderer, "url", webhook.url, payload, legacy);
  if (!url.ok) return { kind: "fail", draft: { ...draft, url: url.record }, cause: templateCause("url", url) };
  const check = await deps.checkUrl(url.output);
  if (!check.ok) return { kind: "fail", draft: { ...draft, url: `URL - ${check.message}` }, cause: { kind: "url_refused" } };
  draft.url = maskUrlUserinfo(url.output);

  let headers: Record<string, string> = {};
  if (webhook.headers) {
    const rendered = await renderWebhookField(deps.renderer, "headers", webhook.headers, payload, legacy);
    if (!rendered.ok) return { kind: "fail", draft: { ...draft, requestHeaders: rendered.record }, cause: templateCause("headers", rendered) };
    const parsed = parseHeaderMap(rendered.output);
    if (!parsed) {
      const cause: FailureBeforeSend = { kind: "template", field: "headers", failure: "invalid_output" };
      return { kind: "fail", draft: { ...draft, requestHeaders: `Headers - ${HEADERS_NOT_A_DICT}` }, cause };
    }
    headers = parsed;
  }
  headers = withAuthorizationHeader(headers, webhook);

  const built = await buildBody(deps, input, payload, memo);
  if ("failure" in built) {
    return { kind: "fail", draft: { ...draft, requestData: personal ? MASK : built.failure.record }, cause: templateCause("data", built.failure) };
  }
  const { body, json } = built;
  draft.requestHeaders = headersText(headers);
  draft.requestData = personal ? MASK : body;

  let sent = withBasicAuth(headers, webhook);
  if (json && !hasHeader(sent, "Content-Type")) sent = { ...sent, "Content-Type": "application/json" };
  const request: OutgoingRequest = { url: url.output, method: webhook.httpMethod as HttpMethod, headers: sent, body };
  // Signed by the sender when the request leaves: webhook-timestamp is the send time of this attempt.
  if (webhook.signingSecret) request.signing = { secret: webhook.signingSecret, messageId: input.messageId };
  return { kind: "send", draft, request, host: hostOf(url.output) };
}

/** §5 body rules: only POST/PUT/PATCH carry one; forward_all sends the payload, else `data` rendered (JSON or raw). */
async function buildBody(
  deps: AttemptDeps,
  input: AttemptInput,
  payload: TemplateContext,
  memo: WeakMap<object, string>,
): Promise<{ body: string | null; json: boolean } | { failure: Extract<FieldResult, { ok: false }> }> {
  const { webhook } = input;
  if (!methodCarriesBody(webhook.httpMethod)) return { body: null, json: false };
  if (webhook.forwardAll) {
    // Legacy webhooks forward only the alert payload (actions-api.md "Legacy webhooks").
    return { body: webhook.isLegacy ? pythonDumps(input.payload.alert_payload, memo) : pythonDumps(input.payload, memo), json: true };
  }
  if (!webhook.data) return { body: null, json: false };
  const rendered = await renderWebhookField(deps.renderer, "data", webhook.data, payload, webhook.isLegacy);
  if (!rendered.ok) return { failure: rendered };
  return { body: rendered.output, json: isJsonText(rendered.output) };
}

/** Each top-level variable of the payload as its own JSON text (the same values as the whole payload's text). */
function templateContext(payload: EventPayload, memo: WeakMap<object, string>): TemplateContext {
  const context: Record<string, JsonText> = {};
  for (const [key, value] of Object.entries(payload)) if (value !== undefined) context[key] = new JsonText(pythonDumps(value, memo));
  return context;
}

function templateCause(field: TemplateField, failed: Extract<FieldResult, { ok: false }>): FailureBeforeSend {
  return { kind: "template", field, failure: failed.failure };
}

/** Fills the record from what the send returned (delivery.md §8 last rows) and classifies it for retries. */
export function completeAttempt(sentDraft: RecordDraft, { outcome, durationMs }: TimedOutcome): AttemptResult {
  const draft = { ...sentDraft, durationMs };
  switch (outcome.kind) {
    case "url_rejected":
      // A redirect hop failed §6: the record shows the URL error instead of the URL.
      return { draft: { ...draft, url: `URL - ${outcome.message}` }, retryable: false, delivered: false };
    case "transport_error":
      return { draft: { ...draft, content: singleLine(outcome.message) }, retryable: isRetryable(outcome), delivered: false };
    case "response":
      return {
        draft: { ...draft, statusCode: outcome.status, content: outcome.content },
        retryable: isRetryable(outcome),
        retryAfterSeconds: outcome.retryAfterSeconds,
        delivered: outcome.status < 400,
      };
  }
}
