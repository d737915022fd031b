import { IMPORTED_KINDS } from "../../src/import-oncall/mapper";
import { failed } from "../../src/import-oncall/report";
import { Webhook } from "../../src/schema/entities";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { eventually, readFixture } from "../helpers/fixtures";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "../helpers/server";
import { entryOf, importInto, listAll, ok, outcomes } from "./helpers";
import { type SeededSource, seedSource } from "./source-seed";

// outhook answers OnCall's REST API, so one outhook is the source: everything it holds must arrive in another
// database under the same ids, with equal fields, and keep its inbound links working (issue 12).
let source: TestServer;
let seeded: SeededSource;
let targetDb: TestDatabase;
let target: TestServer | undefined;

beforeAll(async () => {
  source = await startTestServer();
  seeded = await seedSource(source);
  targetDb = await createTestDatabase();
});
afterAll(async () => {
  await (target ? target.close() : targetDb.drop());
  await source.close();
});

const RESOURCES = ["teams", "users", "escalation_chains", "integrations", "webhooks", "escalation_policies"];

/** The inbound links name each server's BASE_URL; the path (type and token) is what must survive. */
function withoutHost(integration: any) {
  return { ...integration, link: new URL(integration.link).pathname, heartbeat: integration.heartbeat && { link: new URL(integration.heartbeat.link).pathname } };
}

describe("import-oncall from an outhook source into an empty database", () => {
  it("creates every object under its OnCall id and names the webhook whose secret OnCall masks", async () => {
    const report = await importInto(targetDb, source.url, ADMIN_TOKEN);
    expect(failed(report)).toEqual([]);
    const imported = report.entries.filter((e) => (IMPORTED_KINDS as readonly string[]).includes(e.kind));
    expect(imported.length).toBe(3 + 3 + 2 + 2 + 3 + 5); // the bootstrap admin is a user too
    expect(imported.every((e) => e.outcome === "created")).toBe(true);
    expect(report.organization.created).toBe(true);
    expect(entryOf(report, seeded.webhooks.ticket).notes).toEqual([
      `OnCall masks its authorization_header: imported without, disabled; PATCH /api/v1/webhooks/${seeded.webhooks.ticket}/ with "authorization_header", "is_webhook_enabled": true`,
    ]);
  });

  it("serves every object under the same id with equal fields; only the masked secret and its webhook's switch differ", async () => {
    target = await startTestServer({}, targetDb); // its bootstrap token lands on the imported admin user
    const organization = (api: TestServer) => ok(api.api.get("/api/v1/organizations/any/"));
    expect(await organization(target)).toEqual(await organization(source));
    for (const resource of RESOURCES) {
      let expected = await listAll(source.api, resource);
      let actual = await listAll(target.api, resource);
      if (resource === "integrations") [expected, actual] = [expected.map(withoutHost), actual.map(withoutHost)];
      if (resource === "webhooks") {
        expected = expected.map((w) => (w.id === seeded.webhooks.ticket ? { ...w, is_webhook_enabled: false, authorization_header: null } : w));
      }
      expect({ resource, objects: actual }).toEqual({ resource, objects: expected });
    }
    const stored = await target.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: seeded.webhooks.ticket });
    expect(stored.authorizationHeader).toBeNull(); // the placeholder is never stored as if it were the secret
  });

  it("opens an alert group when Alertmanager posts to the old inbound path", async () => {
    const integration = await ok(source.api.get(`/api/v1/integrations/${seeded.integrations.alertmanager}/`));
    const res = await target!.http.post(new URL(integration.link).pathname, readFixture("inbound/alertmanager_firing.json"));
    expect(res.status).toBe(200);
    const groups = await eventually(async () => {
      const list = await ok(target!.api.get(`/api/v1/alert_groups/?integration_id=${seeded.integrations.alertmanager}`));
      return list.count === 1 && list.results;
    });
    expect(groups[0]).toMatchObject({ integration_id: seeded.integrations.alertmanager, route_id: integration.default_route.id, title: "InstanceDown " });
  });

  it("changes nothing when run again", async () => {
    await target!.stop();
    const report = await importInto(targetDb, source.url, ADMIN_TOKEN);
    const imported = outcomes(report, ...IMPORTED_KINDS);
    expect(Object.keys(imported).length).toBe(18);
    expect(new Set(Object.values(imported))).toEqual(new Set(["unchanged"]));
    expect(report.organization.created).toBe(false);
    target = await target!.restart();
  });
});
