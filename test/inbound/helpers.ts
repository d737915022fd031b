import { AlertGroup, AlertGroupEvent, EscalationChain, Organization, User } from "../../src/schema/entities";
import { newPublicId } from "../../src/schema/public-id";
import { triggerName } from "../../src/schema/trigger-types";
import { readFixture } from "../helpers/fixtures";
import type { TestServer } from "../helpers/server";

/** Shared by the inbound, alert-group and integration tests (not a test file itself). */

export interface IntegrationJson {
  id: string;
  link: string;
  type: string;
  default_route: { id: string; escalation_chain_id: string | null };
  [key: string]: unknown;
}

export async function createIntegration(t: TestServer, type: string, extra: Record<string, unknown> = {}): Promise<IntegrationJson> {
  const res = await t.api.post("/api/v1/integrations/", { type, ...extra });
  if (res.status !== 201) throw new Error(`integration create failed: ${res.status} ${JSON.stringify(res.data)}`);
  return res.data;
}

/** The path of the integration's inbound link (the link itself names BASE_URL's host). */
export function inboundPath(integration: Pick<IntegrationJson, "link">): string {
  return new URL(integration.link).pathname;
}

/** POSTs a payload (or a fixture by file name) to the integration's link, without any API token. */
export function postAlert(t: TestServer, integration: Pick<IntegrationJson, "link">, payload: unknown) {
  const body = typeof payload === "string" && payload.endsWith(".json") ? readFixture(`inbound/${payload}`) : payload;
  return t.http.post(inboundPath(integration), body, { headers: { "content-type": "application/json" } });
}

export async function groupsOf(t: TestServer, integrationId: string): Promise<any[]> {
  const res = await t.api.get(`/api/v1/alert_groups/?integration_id=${integrationId}`);
  if (res.status !== 200) throw new Error(`list failed: ${res.status}`);
  return res.data.results;
}

/** The group's events in order, as [trigger name, acting user public id | null]. */
export async function eventsOf(t: TestServer, groupPublicId: string): Promise<[string, string | null][]> {
  const ds = t.server.dataSource;
  const group = await ds.getRepository(AlertGroup).findOneByOrFail({ publicId: groupPublicId });
  const events = await ds.getRepository(AlertGroupEvent).find({ where: { alertGroupId: group.id }, order: { id: "ASC" } });
  const users = new Map((await ds.getRepository(User).find()).map((u) => [u.id, u.publicId]));
  return events.map((e) => [triggerName(e.type), e.userId === null ? null : (users.get(e.userId) ?? `?${e.userId}`)]);
}

export async function eventDetails(t: TestServer, groupPublicId: string): Promise<(Record<string, unknown> | null)[]> {
  const ds = t.server.dataSource;
  const group = await ds.getRepository(AlertGroup).findOneByOrFail({ publicId: groupPublicId });
  const events = await ds.getRepository(AlertGroupEvent).find({ where: { alertGroupId: group.id }, order: { id: "ASC" } });
  return events.map((e) => e.detail);
}

export async function adminUser(t: TestServer): Promise<User> {
  return t.server.dataSource.getRepository(User).findOneByOrFail({ username: "admin" });
}

/** An escalation chain row in the bootstrap organization (or the given one). */
export async function createChain(t: TestServer, name: string, organizationId?: number): Promise<EscalationChain> {
  const ds = t.server.dataSource;
  const orgId = organizationId ?? (await ds.getRepository(Organization).findOne({ where: {}, order: { id: "ASC" } }))!.id;
  return ds.getRepository(EscalationChain).save({ publicId: newPublicId("escalationChain"), organizationId: orgId, teamId: null, name });
}

/** Opens one firing group on a fresh webhook integration and returns its public id. */
export async function firingGroup(t: TestServer, payload: unknown = { message: `m-${Math.random()}` }): Promise<string> {
  const integration = await createIntegration(t, "webhook");
  const res = await postAlert(t, integration, payload);
  if (res.status !== 200) throw new Error(`inbound failed: ${res.status}`);
  const [group] = await groupsOf(t, integration.id);
  return group.id;
}
