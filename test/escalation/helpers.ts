import { AlertGroup, AlertGroupEvent, Organization, Webhook } from "../../src/schema/entities";
import { eventually } from "../helpers/fixtures";
import { newPublicId } from "../../src/schema/public-id";
import type { TestServer } from "../helpers/server";

let counter = 0;

/** A webhook row written straight through the repository (escalation tests only need it to exist). */
export async function createWebhookRow(
  t: TestServer,
  options: Partial<Pick<Webhook, "triggerType" | "url" | "isWebhookEnabled" | "deletedAt" | "organizationId" | "triggerTemplate" | "forwardAll">> = {},
): Promise<Webhook> {
  const ds = t.server.dataSource;
  const organizationId = options.organizationId ?? (await ds.getRepository(Organization).findOne({ where: {}, order: { id: "ASC" } }))!.id;
  return ds.getRepository(Webhook).save({
    publicId: newPublicId("webhook"), organizationId, teamId: null, ownerUserId: null,
    name: `escalation hook ${++counter}`, url: options.url ?? "https://example.com/hook", httpMethod: "POST",
    triggerType: options.triggerType ?? 0, data: null, headers: null, triggerTemplate: options.triggerTemplate ?? null,
    username: null, password: null, authorizationHeader: null, forwardAll: options.forwardAll ?? true,
    isWebhookEnabled: options.isWebhookEnabled === undefined ? true : options.isWebhookEnabled,
    integrationFilter: null, preset: null, isLegacy: false, isFromConnectedIntegration: false, signingSecret: null,
    deletedAt: options.deletedAt ?? null,
  });
}

export const groupRow = (t: TestServer, publicId: string) =>
  t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId });

/** Makes the group's pending escalation step due now (as graphile's tests write odd states straight into SQL). */
export async function makeStepDue(t: TestServer, publicId: string): Promise<void> {
  await t.server.dataSource.getRepository(AlertGroup).update({ publicId }, { escalationDueAt: new Date(Date.now() - 1000) });
}

let uid = 0;

/**
 * A chain with these policies (REST bodies without escalation_chain_id), a formatted_webhook integration routed to
 * it, and one alert: returns once the group exists and its first step has run on its own (~1 s after opening).
 */
export async function startEscalation(
  t: TestServer,
  policies: Record<string, unknown>[],
  options: { waitForFirstStep?: boolean; beforeAlert?: () => Promise<unknown> } = {},
): Promise<{ group: AlertGroup; chainId: string; policyIds: string[]; integration: { id: string; link: string }; alertUid: string }> {
  const chain = await t.api.post("/api/v1/escalation_chains/", { name: `runner chain ${++uid}-${Date.now()}` });
  if (chain.status !== 201) throw new Error(`chain: ${chain.status} ${JSON.stringify(chain.data)}`);
  const policyIds: string[] = [];
  for (const body of policies) {
    const res = await t.api.post("/api/v1/escalation_policies/", { escalation_chain_id: chain.data.id, ...body });
    if (res.status !== 201) throw new Error(`policy: ${res.status} ${JSON.stringify(res.data)}`);
    policyIds.push(res.data.id);
  }
  const integration = await t.api.post("/api/v1/integrations/", {
    type: "formatted_webhook", name: `runner integration ${uid}-${Date.now()}`, default_route: { escalation_chain_id: chain.data.id },
  });
  if (integration.status !== 201) throw new Error(`integration: ${integration.status} ${JSON.stringify(integration.data)}`);
  const alertUid = `alert-${uid}`;
  await options.beforeAlert?.();
  await postFormattedAlert(t, integration.data, alertUid);
  const groupId = await eventually(async () => {
    const res = await t.api.get(`/api/v1/alert_groups/?integration_id=${integration.data.id}`);
    return res.data?.results?.[0]?.id as string | undefined;
  });
  const group = options.waitForFirstStep === false
    ? await groupRow(t, groupId)
    : await eventually(async () => {
      const g = await groupRow(t, groupId);
      return g.escalationStep !== 0 || g.escalationWaitingForAlerts ? g : null;
    });
  return { group, chainId: chain.data.id, policyIds, integration: integration.data, alertUid };
}

export function postFormattedAlert(t: TestServer, integration: { link: string }, alertUid: string) {
  return t.http.post(new URL(integration.link).pathname, { alert_uid: alertUid, title: "Disk full", state: "alerting" });
}

/**
 * Makes the group's pending step due now and waits until the scheduler has run it: the due time moved past the
 * one written here, the escalation stopped, or it paused for alerts.
 */
export async function runNextStep(t: TestServer, publicId: string): Promise<AlertGroup> {
  const written = Date.now() - 1000;
  await t.server.dataSource.getRepository(AlertGroup).update({ publicId }, { escalationDueAt: new Date(written) });
  return eventually(async () => {
    const g = await groupRow(t, publicId);
    const moved = g.escalationDueAt !== null && g.escalationDueAt.getTime() > written;
    return g.escalationStep === null || g.escalationWaitingForAlerts || moved ? g : null;
  });
}

export async function eventsOfGroup(t: TestServer, group: AlertGroup): Promise<AlertGroupEvent[]> {
  return t.server.dataSource.getRepository(AlertGroupEvent).find({ where: { alertGroupId: group.id }, order: { id: "ASC" } });
}
