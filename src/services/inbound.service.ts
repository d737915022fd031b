import { LessThanOrEqual } from "typeorm";
import { DetailError } from "../errors";
import { isUniqueViolation } from "../db/dialect";
import { AlertGroup, type Integration } from "../schema/entities";
import { loadGroupForUpdate } from "./alert-groups/locking";
import type { AppContext } from "../context";
import type { Services } from ".";
import { INTEGRATION_TYPE_TITLES, isIntegrationType } from "./integrations/integration-types";
import { isJsonObject } from "../json/exact-parse";
import { runDeferredResolution } from "./inbound/deferred-resolution";
import { InboundRejection } from "./inbound/inbound-errors";
import { legacyGrafanaElements, withAlertCounts, type InboundPayload } from "./inbound/inbound-payload";
import { prepareAlert, type PayloadRenderer, type PreparedAlert } from "./inbound/prepare-alert";
import { storeAlert, type StoredAlertResult } from "./inbound/store-alert";
import { deliveriesQueuedIn } from "../events/enqueue";
import { payloadRenderer } from "./inbound/payload-renderer";

/** Concurrent POSTs opening the same group: the loser retries and joins (a handful of rounds is plenty). */
const MAX_STORE_ATTEMPTS = 5;
const DEFERRED_BATCH = 100;

/** `POST /integrations/v1/{type}/{token}/` (inbound.md): alerts in, grouped, signals applied, events enqueued. */
export class InboundService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  /** inbound.md §2 steps 1 and 3: the token's live integration, reached through its own type's path. */
  async integrationFor(pathType: string, token: string): Promise<Integration> {
    const integration = await this.services.integrations.findByToken(token);
    if (!integration) throw new InboundRejection(403, "Integration key was not found. Permission denied.");
    if (integration.type !== pathType) {
      const pathTitle = isIntegrationType(pathType) ? INTEGRATION_TYPE_TITLES[pathType] : pathType;
      throw new InboundRejection(400, `This url is for integration with ${pathTitle}. Key is for ${INTEGRATION_TYPE_TITLES[integration.type]}`);
    }
    return integration;
  }

  /**
   * Stores one POST: one alert, or one per element of a legacy Grafana `alerts[]`, all rendered first and then
   * committed together in one transaction, so a failure stores nothing and the sender's retry duplicates nothing.
   * Resolves once everything is committed (the route answers `"Ok."` only then).
   */
  async receive(integration: Integration, body: InboundPayload): Promise<void> {
    assertPayloadShape(integration, body.value);
    const elements = legacyGrafanaElements(integration.type, body);
    const renderer = this.renderer();
    const payloads = elements ?? [withAlertCounts(integration.type, body)];
    const alerts = await Promise.all(payloads.map((payload) => prepareAlert(renderer, integration, payload)));
    const { results, queued } = alerts.length > 0 ? await this.store(integration, alerts, elements !== null) : { results: [], queued: 0 };
    // A POST that queued no delivery leaves the engine alone: a claim would only contend for the write lock.
    if (queued > 0) this.ctx.wakeDelivery();
    for (const result of results) this.ctx.observer?.inboundAlert(integration.type, result);
  }

  /**
   * A POST to an inbound link was refused (4xx) or failed (5xx): counted once under the integration's type, else
   * the path's type when it is one (an unknown token), else `unknown` (labels never carry what a sender made up).
   */
  noteRefusedPost(integrationType: string | null, pathType: string, status: number): void {
    const type = integrationType ?? (isIntegrationType(pathType) ? pathType : "unknown");
    this.ctx.observer?.inboundAlert(type, status < 500 ? "rejected" : "failed");
  }

  /** Deferred auto-resolution of legacy Grafana groups whose check is due; called by the Scheduler. */
  async runDeferredResolutions(now: Date): Promise<void> {
    const due = await this.ctx.dataSource.getRepository(AlertGroup).find({
      select: { id: true },
      where: { autoResolveDueAt: LessThanOrEqual(now) },
      order: { autoResolveDueAt: "ASC" },
      take: DEFERRED_BATCH,
    });
    if (due.length === 0) return;
    for (const { id } of due) {
      await this.ctx.dataSource.transaction(async (em) => {
        const group = await loadGroupForUpdate(em, id);
        // A later element pushed the check back: not due any more.
        if (!group?.autoResolveDueAt || group.autoResolveDueAt > now) return;
        await runDeferredResolution(em, this.services.alertGroups, group, now);
      });
    }
    this.ctx.wakeDelivery();
  }

  /** What each alert did, and how many deliveries were queued. */
  private async store(integration: Integration, alerts: PreparedAlert[], deferResolution: boolean): Promise<{ results: StoredAlertResult[]; queued: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ctx.dataSource.transaction(async (em) => {
          const route = await this.services.integrations.defaultRoute(em, integration.id);
          const deps = { alertGroups: this.services.alertGroups, escalation: this.services.escalation };
          const now = new Date();
          const results: StoredAlertResult[] = [];
          for (const alert of alerts) results.push((await storeAlert(em, deps, integration, route, alert, { now, deferResolution })).result);
          return { results, queued: deliveriesQueuedIn(em) };
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= MAX_STORE_ATTEMPTS) throw error;
      }
    }
  }

  private renderer(): PayloadRenderer {
    return payloadRenderer(this.ctx.renderer, (field, kind) => this.ctx.observer?.templateFailure(field, kind));
  }
}

/** alertmanager / grafana_alerting / grafana need an object; webhook types an object or an array (inbound.md §2). */
function assertPayloadShape(integration: Integration, body: unknown): void {
  const objectOnly = integration.type === "alertmanager" || integration.type === "grafana_alerting" || integration.type === "grafana";
  if (isJsonObject(body) || (!objectOnly && Array.isArray(body))) return;
  throw new DetailError(400, "JSON object expected");
}
