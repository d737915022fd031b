// A test send: the webhook's real pipeline on a chosen alert group (or a sample), sent at once and answered
// directly. Nothing is stored: a test must not show up in `/responses` or in other webhooks' `responses`.
import { completeAttempt, planAttempt, type AttemptDeps } from "../../attempts/attempt";
import type { GroupParts, EventPayload } from "../../events/event-data";
import { HttpSender } from "../../http";
import { pythonDumps } from "../../attempts/python-dumps";
import { maskPersonalContext, type RecordDraft } from "../../attempts/record";
import type { FieldRenderer } from "../../attempts/render-field";
import { senderPolicy } from "../../http/sender-policy";
import type { Config } from "../../config";
import { newPublicId } from "../../schema/public-id";
import type { Webhook } from "../../schema/entities";
import { Trigger } from "../../schema/trigger-types";

export interface TestSendResult extends RecordDraft {
  /** The `webhook-id` the request carried (when signed). */
  messageId: string;
  triggered: boolean;
  /** Why nothing was sent (integration filter, trigger template not true). */
  skipReason: string | null;
  eventData: string;
}

export async function sendTestEvent(
  renderer: FieldRenderer,
  config: Config,
  input: { webhook: Webhook; parts: GroupParts; payload: EventPayload; sample: boolean; now: Date },
): Promise<TestSendResult> {
  const sender = new HttpSender(senderPolicy(config));
  try {
    const deps: AttemptDeps = { renderer, checkUrl: (url) => sender.checkUrl(url) };
    const messageId = newPublicId("delivery");
    const trigger = input.webhook.triggerType;
    const plan = await planAttempt(deps, {
      messageId, webhook: input.webhook, parts: input.parts, payload: input.payload, trigger, now: input.now,
      skipIntegrationFilter: input.sample,
    });
    const shown = trigger === Trigger.personalNotification ? maskPersonalContext(input.payload) : input.payload;
    const base = { messageId, eventData: pythonDumps(shown) };
    if (plan.kind === "skip") {
      return { ...base, triggered: false, skipReason: plan.reason, requestTrigger: null, url: null, requestHeaders: null, requestData: null, statusCode: null, content: null, durationMs: null };
    }
    const draft = plan.kind === "fail" ? plan.draft : completeAttempt(plan.draft, await sender.sendTimed(plan.request)).draft;
    return { ...base, ...draft, triggered: true, skipReason: null };
  } finally {
    sender.close();
  }
}
