// Rows for the benchmark, written straight to the database (setup is not what is measured).
import type { DataSource } from "typeorm";
import { JsonText } from "../src/json/json-text";
import { Alert, AlertGroup, Integration, Organization, Route, Webhook } from "../src/schema/entities";
import { newPublicId } from "../src/schema/public-id";

export const SAMPLE_ALERT = {
  alerts: [
    {
      endsAt: "0001-01-01T00:00:00Z",
      labels: { job: "node", group: "production", instance: "db-01:9100", severity: "critical", alertname: "InstanceDown" },
      status: "firing",
      startsAt: "2025-03-14T09:11:48.326Z",
      annotations: { summary: "Instance db-01:9100 down", description: "db-01:9100 of job node has been down for more than 1 minute." },
      fingerprint: "f404ecabc8dd5cd7",
      generatorURL: "https://prometheus.example.com/graph?g0.expr=up+%3D%3D+0&g0.tab=1",
    },
  ],
  status: "firing",
  version: "4",
  groupKey: '{}:{alertname="InstanceDown", job="node"}',
  receiver: "outhook",
  numFiring: 1,
  externalURL: "https://alertmanager.example.com",
  groupLabels: { alertname: "InstanceDown", job: "node" },
  numResolved: 0,
  commonLabels: { job: "node", group: "production", severity: "critical", alertname: "InstanceDown" },
  truncatedAlerts: 0,
  commonAnnotations: {},
};

export interface BenchOrg {
  organizationId: number;
  integrationId: number;
  routeId: number;
}

export async function benchOrg(ds: DataSource): Promise<BenchOrg> {
  const org = await ds.getRepository(Organization).findOneOrFail({ where: {}, order: { id: "ASC" } });
  const integration = await ds.getRepository(Integration).save({
    publicId: newPublicId("integration"), organizationId: org.id, teamId: null, name: "Bench", descriptionShort: null,
    type: "alertmanager", token: newPublicId("integration") + "bench" + Math.random().toString(36).slice(2, 8), templates: null,
  });
  const route = await ds.getRepository(Route).save({ publicId: newPublicId("route"), integrationId: integration.id, escalationChainId: null, isDefault: true });
  return { organizationId: org.id, integrationId: integration.id, routeId: route.id };
}

let groupSeq = 0;

/** `n` firing alert groups with one alert each; returns their ids (internal, public). */
export async function createGroups(ds: DataSource, org: BenchOrg, n: number): Promise<{ id: number; publicId: string }[]> {
  const out: { id: number; publicId: string }[] = [];
  const now = new Date();
  await ds.transaction(async (em) => {
    for (let i = 0; i < n; i++) {
      const group = await em.getRepository(AlertGroup).save({
        publicId: newPublicId("alertGroup"), organizationId: org.organizationId, integrationId: org.integrationId, routeId: org.routeId,
        groupingKey: `bench-${++groupSeq}`, openKey: null, title: "InstanceDown (node)", alertsCount: 1, createdAt: now,
      });
      await em.getRepository(Alert).insert({
        publicId: newPublicId("alert"), organizationId: org.organizationId, alertGroupId: group.id, payload: new JsonText(JSON.stringify(SAMPLE_ALERT)), createdAt: now,
      });
      out.push({ id: group.id, publicId: group.publicId });
    }
  });
  return out;
}

let hookSeq = 0;

/** `n` forward_all POST webhooks on `trigger` pointing at `url`. */
export async function createWebhooks(ds: DataSource, org: BenchOrg, n: number, url: string, trigger: number, extra: Partial<Webhook> = {}): Promise<number[]> {
  const rows = Array.from({ length: n }, () => ({
    publicId: newPublicId("webhook"), organizationId: org.organizationId, teamId: null, ownerUserId: null,
    name: `bench-${++hookSeq}`, url, httpMethod: "POST" as const, triggerType: trigger, data: null, headers: null,
    triggerTemplate: null, username: null, password: null, authorizationHeader: null, forwardAll: true,
    isWebhookEnabled: true, integrationFilter: null, preset: null, isLegacy: false, isFromConnectedIntegration: false,
    signingSecret: null, ...extra,
  }));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 100) {
    const saved = await ds.getRepository(Webhook).save(rows.slice(i, i + 100));
    ids.push(...saved.map((w) => w.id));
  }
  return ids;
}

/** Soft-deletes every webhook, so the next phase starts from its own. */
export async function retireWebhooks(ds: DataSource): Promise<void> {
  await ds.createQueryBuilder().update(Webhook).set({ deletedAt: new Date() }).where("deleted_at IS NULL").execute();
}
