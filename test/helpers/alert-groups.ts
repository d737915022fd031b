import { readFixture, eventually } from "./fixtures";
import type { TestServer } from "./server";

export interface TestIntegration {
  id: string;
  link: string;
  type: string;
  defaultRouteId: string;
}

/** An integration through the REST API (domain-api.md §4). */
export async function createIntegration(t: TestServer, body: Record<string, unknown> = {}): Promise<TestIntegration> {
  const res = await t.api.post("/api/v1/integrations/", { type: "alertmanager", ...body });
  if (res.status !== 201) throw new Error(`integration not created: ${res.status} ${JSON.stringify(res.data)}`);
  return { id: res.data.id, link: res.data.link, type: res.data.type, defaultRouteId: res.data.default_route.id };
}

/** POSTs a payload to the integration's inbound link (the path of `link`, on this server). */
export async function postAlert(t: TestServer, integration: TestIntegration, payload: unknown): Promise<void> {
  const path = new URL(integration.link).pathname;
  const res = await t.http.post(path, payload, { headers: { "content-type": "application/json" } });
  if (res.status !== 200) throw new Error(`inbound alert refused: ${res.status} ${JSON.stringify(res.data)}`);
}

/** Fires a fixture (or payload) and waits for the new alert group it opens; returns the group's REST object. */
export async function openAlertGroup(t: TestServer, integration: TestIntegration, payload: unknown = readFixture("inbound/alertmanager_firing.json")): Promise<any> {
  const before = await groupIds(t, integration.id);
  await postAlert(t, integration, payload);
  return eventually(async () => {
    const res = await t.api.get("/api/v1/alert_groups/", { params: { integration_id: integration.id } });
    return res.data.results.find((g: any) => !before.has(g.id));
  });
}

async function groupIds(t: TestServer, integrationId: string): Promise<Set<string>> {
  const res = await t.api.get("/api/v1/alert_groups/", { params: { integration_id: integrationId, perpage: 100 } });
  return new Set(res.data.results.map((g: any) => g.id));
}

/** A unique payload for the generic `webhook` integration type (each opens its own group). */
let seq = 0;
export function uniqueWebhookAlert(extra: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return { alert_uid: `test-${process.pid}-${Date.now()}-${seq}`, title: `Test alert ${seq}`, state: "alerting", ...extra };
}

export async function alertGroupAction(t: TestServer, groupId: string, action: string, body?: unknown): Promise<void> {
  const res = await t.api.post(`/api/v1/alert_groups/${groupId}/${action}/`, body ?? {});
  if (res.status !== 200) throw new Error(`${action} refused: ${res.status} ${JSON.stringify(res.data)}`);
}

/** A webhook through REST, forward_all by default; returns the REST object. */
export async function createWebhook(t: TestServer, body: Record<string, unknown>): Promise<any> {
  seq += 1;
  const res = await t.api.post("/api/v1/webhooks/", {
    name: `hook-${seq}`,
    http_method: "POST",
    trigger_type: "escalation",
    forward_all: true,
    ...body,
  });
  if (res.status !== 201) throw new Error(`webhook not created: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data;
}

/** `/responses` records of a webhook, newest first. */
export async function responsesOf(t: TestServer, webhookId: string): Promise<any[]> {
  const res = await t.api.get(`/api/v1/webhooks/${webhookId}/responses/`, { params: { perpage: 100 } });
  if (res.status !== 200) throw new Error(`responses: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data.results;
}

const DELIVERY_FIELDS = `id webhookId alertGroupId eventType status skipReason attemptCount nextAttemptAt finishedAt
  attempts { id attempt timestamp triggerType url requestTrigger requestHeaders requestData statusCode content eventData durationMs }`;

/** Deliveries of a webhook through GraphQL (grouped with their attempts), newest first. */
export async function deliveriesOf(t: TestServer, webhookId: string): Promise<any[]> {
  const res = await t.gql(`query($id: ID!) { deliveries(filter: { webhookId: $id }, first: 100) { nodes { ${DELIVERY_FIELDS} } } }`, { id: webhookId });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.deliveries.nodes;
}

export { DELIVERY_FIELDS };
