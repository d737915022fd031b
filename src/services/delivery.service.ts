import { userRef } from "../events/event-data-loader";
import { enqueueEvent } from "../events/enqueue";
import { pythonDumps } from "../attempts/python-dumps";
import { fieldRendererOf, type TemplateField } from "../attempts/render-field";
import { DetailError, NotFoundError, RawBodyError, ValidationError } from "../errors";
import { JsonText } from "../json/json-text";
import { Delivery, Integration, Webhook, WebhookResponse } from "../schema/entities";
import { Trigger } from "../schema/trigger-types";
import { assertCan, type Actor } from "./actor";
import type { AppContext } from "../context";
import { payloadFor } from "./deliveries/payload-for";
import { parseEventData, previewField, type TemplatePreviewResult } from "./deliveries/preview";
import { sendTestEvent, type TestSendResult } from "./deliveries/test-send";
import { deliveryViews, type DeliveryView } from "./deliveries/views";
import { requeueDelivery } from "./deliveries/requeue";
import type { Services } from ".";

/** Manual trigger, redelivery, test sends and template preview (the history is DeliveryHistoryService's). */
export class DeliveryService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /**
   * Queues one run of an `escalation` webhook for a group, as the caller (webhooks-api.md internal operations).
   * Read permission suffices, as in OnCall. A disabled webhook is refused: one enabled rule (README rulings).
   */
  async trigger(actor: Actor, webhookPublicId: string, alertGroupPublicId: string | null | undefined): Promise<DeliveryView> {
    assertCan(actor, "outgoing-webhooks:read");
    const webhook = await this.services.webhooks.findForActor(actor, webhookPublicId);
    if (webhook.triggerType !== Trigger.escalation) throw new RawBodyError(400, { trigger_type: "This webhook is not manually triggerable." });
    if (!alertGroupPublicId) throw new RawBodyError(400, { alert_group: "This field is required." });
    const group = await this.services.alertGroups.findForActor(actor, alertGroupPublicId);
    if (webhook.integrationFilter?.length) {
      const integration = await this.ctx.dataSource.getRepository(Integration).findOneBy({ id: group.integrationId });
      if (!integration || !webhook.integrationFilter.includes(integration.publicId)) throw new NotFoundError();
    }
    if (webhook.isWebhookEnabled === false) throw new DetailError(400, "This webhook is disabled.");
    const { deliveries } = await this.ctx.dataSource.transaction((em) =>
      enqueueEvent(em, {
        organizationId: actor.organization.id, alertGroupId: group.id, type: Trigger.escalation,
        userId: actor.user.id, webhookId: webhook.id, detail: { manual: true },
      }),
    );
    this.ctx.wakeDelivery();
    return (await deliveryViews(this.ctx.dataSource.manager, deliveries))[0];
  }

  /** A new attempt of a finished delivery (same `webhook-id`), given the delivery or one of its attempts. */
  async redeliver(actor: Actor, ref: { deliveryId?: string | null; attemptId?: string | null }): Promise<DeliveryView> {
    assertCan(actor, "outgoing-webhooks:write");
    const delivery = await this.findDelivery(actor, ref);
    await this.services.webhooks.findForActor(actor, await this.webhookPublicId(delivery.webhookId));
    if (!(await requeueDelivery(this.ctx.dataSource.manager, delivery.id))) throw new DetailError(400, "This delivery is already queued.");
    this.ctx.wakeDelivery();
    return this.view(delivery.id);
  }

  /** Sends the webhook's request now for a group of the organization, or for a sample payload; stores nothing. */
  async sendTest(actor: Actor, webhookPublicId: string, alertGroupPublicId?: string | null): Promise<TestSendResult> {
    assertCan(actor, "outgoing-webhooks:write");
    const webhook = await this.services.webhooks.findForActor(actor, webhookPublicId);
    const group = alertGroupPublicId ? await this.services.alertGroups.findForActor(actor, alertGroupPublicId) : null;
    const now = new Date();
    const { parts, payload } = await payloadFor(this.ctx.dataSource.manager, this.ctx.config, {
      group, webhook, user: userRef(actor.user), now,
    });
    return sendTestEvent(fieldRendererOf(this.ctx.renderer), this.ctx.config, { webhook, parts, payload, sample: !group, now });
  }

  /** Renders one template field over a given payload or a real group's payload. Write permission, as OnCall's preview. */
  async previewTemplate(
    actor: Actor,
    input: { field: TemplateField; template: string; eventData?: unknown; alertGroupId?: string | null },
  ): Promise<TemplatePreviewResult> {
    assertCan(actor, "outgoing-webhooks:write");
    if (input.alertGroupId && input.eventData != null) {
      throw new ValidationError({ non_field_errors: ["Give either eventData or alertGroupId, not both."] });
    }
    let payload = parseEventData(input.eventData);
    if (input.alertGroupId) {
      const group = await this.services.alertGroups.findForActor(actor, input.alertGroupId);
      const built = await payloadFor(this.ctx.dataSource.manager, this.ctx.config, { group, webhook: null, user: null, now: new Date() });
      payload = new JsonText(pythonDumps(built.payload));
    }
    return previewField(fieldRendererOf(this.ctx.renderer), input.field, input.template, payload);
  }

  async get(actor: Actor, deliveryPublicId: string): Promise<DeliveryView> {
    assertCan(actor, "outgoing-webhooks:read");
    const delivery = await this.findDelivery(actor, { deliveryId: deliveryPublicId });
    return this.view(delivery.id);
  }

  private async findDelivery(actor: Actor, ref: { deliveryId?: string | null; attemptId?: string | null }): Promise<Delivery> {
    const repo = this.ctx.dataSource.getRepository(Delivery);
    if (ref.deliveryId) {
      const found = await repo.findOneBy({ organizationId: actor.organization.id, publicId: ref.deliveryId });
      if (!found) throw new NotFoundError();
      return found;
    }
    if (ref.attemptId) {
      const id = Number(ref.attemptId);
      const record = Number.isSafeInteger(id)
        ? await this.ctx.dataSource.getRepository(WebhookResponse).findOneBy({ id, organizationId: actor.organization.id })
        : null;
      const found = record?.deliveryId ? await repo.findOneBy({ id: record.deliveryId, organizationId: actor.organization.id }) : null;
      if (!found) throw new NotFoundError();
      return found;
    }
    throw new ValidationError({ deliveryId: ["Give a deliveryId or an attemptId."] });
  }

  private async webhookPublicId(webhookId: number): Promise<string> {
    const webhook = await this.ctx.dataSource.getRepository(Webhook).findOne({ select: { id: true, publicId: true }, where: { id: webhookId } });
    return webhook?.publicId ?? "";
  }

  private async view(deliveryId: number): Promise<DeliveryView> {
    const delivery = await this.ctx.dataSource.getRepository(Delivery).findOneByOrFail({ id: deliveryId });
    return (await deliveryViews(this.ctx.dataSource.manager, [delivery]))[0];
  }
}
