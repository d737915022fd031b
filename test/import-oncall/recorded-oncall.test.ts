import fs from "node:fs";
import { OnCallError } from "../../src/import-oncall/oncall-client";
import { failed } from "../../src/import-oncall/report";
import { sqliteFileOf } from "../../src/config";
import { Webhook } from "../../src/schema/entities";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { eventually, readFixture } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { entryOf, importInto, listAll, ok, outcomes } from "./helpers";
import { ONCALL_TOKEN, type RecordedOnCall, startRecordedOnCall } from "./recorded-oncall";

// Against recorded OnCall responses (test/fixtures/oncall/): shapes outhook never produces itself, every list
// served two objects per page.
let oncall: RecordedOnCall;
let db: TestDatabase;
let target: TestServer;

beforeAll(async () => {
  oncall = await startRecordedOnCall({ pageSize: 2 });
  db = await createTestDatabase();
});
afterAll(async () => {
  await (target ? target.close() : db.drop());
  await oncall.close();
});

describe("import-oncall from a recorded OnCall", () => {
  it("imports what outhook holds, from every page, and reports what it cannot hold instead of dropping it", async () => {
    const report = await importInto(db, oncall.url, ONCALL_TOKEN);
    expect(oncall.requests).toContain("/api/v1/users/?perpage=100&page=2");
    expect(oncall.requests.some((r) => r.startsWith("/api/v1/escalation_policies/?perpage=100&page=4"))).toBe(true);
    expect(failed(report)).toEqual([]);
    expect(outcomes(report)).toEqual({
      TAAM1K1NNEHAG: "created", TR3KDSDV5XS9V: "created",
      U4DNY931HHJS5: "created", UCGEIXI1MR1NZ: "created", UWB5R7GDD8PFP: "created",
      F5JU6KJET33FE: "created", FQ8S7WFKC3RBY: "created",
      CFRPV98RPR1U8: "created", C2KWJ72CEVWX7: "created", CZQW9PR3XN7UB: "unsupported",
      WHL3WF151FKKIB: "created", WHJ5J6XJIBAG9I: "created", WHAXK4BTC7TAEQ: "created", WHK2PTE8YWQ6NS: "created",
      E3GA6SJETWWJS: "created", E5JJTU52M5YM4: "created", E2Z8PVZQJQGA9: "created", EWB8Q3N7YHKZL: "unsupported",
      EJ6V2DS9UMP4T: "created", EKX4N1ZRFH6QA: "created", EP7GLM2WD1C5Y: "created", ER9T3KVN8BH2S: "unsupported",
      SBM7DV7BKFUYU: "unsupported", OH3V5FYQEYJ6M: "unsupported", GPFAPH7J7BKJB: "unsupported", RIYGUJXCPFHXY: "unsupported",
      WHSN4W7RM2QXPB: "unsupported",
    });
    expect(entryOf(report, "CZQW9PR3XN7UB").detail).toMatch(/^type zabbix: outhook receives alertmanager, /);
    expect(entryOf(report, "EWB8Q3N7YHKZL").detail).toBe("Slack-only step (notify_whole_channel)");
    expect(entryOf(report, "RIYGUJXCPFHXY").detail).toMatch(/default route of CFRPV98RPR1U8/);
    expect(report.remarks).toEqual([
      "1 alert group: their history is not imported (it stays readable in OnCall)",
      "2 personal notification rules: outhook notifies through escalation steps and webhooks only",
    ]);
    expect(entryOf(report, "C2KWJ72CEVWX7").notes).toEqual(["templates outhook does not keep: msteams.title"]);
    expect(entryOf(report, "EJ6V2DS9UMP4T").notes).toEqual(["schedule SBM7DV7BKFUYU is out of scope: imported without it, the step fails when it runs"]);
    expect(entryOf(report, "WHJ5J6XJIBAG9I").notes).toEqual([
      'OnCall masks its password: imported without, disabled; PATCH /api/v1/webhooks/WHJ5J6XJIBAG9I/ with "password", "is_webhook_enabled": true',
    ]);
    expect(entryOf(report, "WHK2PTE8YWQ6NS").notes).toEqual([
      "filtered integration CZQW9PR3XN7UB was not imported: left out",
      "none of its filtered integrations was imported (an empty filter would match every integration): disabled; check it, then enable it",
    ]);
  });

  it("keeps ids, Grafana ids, roles, the preset, references and positions; masked secrets are not stored", async () => {
    target = await startTestServer({}, db);
    expect(await ok(target.api.get("/api/v1/organizations/x/"))).toEqual({ id: "O9WTH7CKM3KZW" });
    const users = (await listAll(target.api, "users")).filter((u) => u.username !== "admin"); // admin: the bootstrap token's
    expect(users).toEqual(readFixture("oncall/users.json").map((u: any) => ({ ...u, slack: null, is_phone_number_verified: false })));
    expect(await listAll(target.api, "teams")).toEqual(readFixture("oncall/teams.json"));
    expect(await listAll(target.api, "escalation_chains")).toEqual(readFixture("oncall/escalation_chains.json"));

    const alertmanager = await ok(target.api.get("/api/v1/integrations/CFRPV98RPR1U8/"));
    expect(new URL(alertmanager.link).pathname).toBe("/integrations/v1/alertmanager/mReAoNwDm0eMwKo1mTeTwYo/");
    expect(alertmanager.default_route).toMatchObject({ id: "RVBE4RKQSCGJ2", escalation_chain_id: "F5JU6KJET33FE" });
    const grafana = await ok(target.api.get("/api/v1/integrations/C2KWJ72CEVWX7/"));
    const { msteams: _dropped, ...keptTemplates } = readFixture("oncall/integrations.json")[1].templates;
    expect(grafana).toMatchObject({ name: "Grafana Alerting :ghost:", description_short: "stack alerts", team_id: "TR3KDSDV5XS9V", templates: keptTemplates });

    const webhooks = Object.fromEntries((await listAll(target.api, "webhooks")).map((w) => [w.id, w]));
    const recorded = Object.fromEntries(readFixture("oncall/webhooks.json").map((w: any) => [w.id, w]));
    expect(webhooks.WHAXK4BTC7TAEQ).toEqual(recorded.WHAXK4BTC7TAEQ);
    expect(webhooks.WHL3WF151FKKIB).toEqual({ ...recorded.WHL3WF151FKKIB, is_webhook_enabled: false, authorization_header: null });
    expect(webhooks.WHJ5J6XJIBAG9I).toEqual({ ...recorded.WHJ5J6XJIBAG9I, is_webhook_enabled: false, password: null });
    expect(webhooks.WHK2PTE8YWQ6NS).toEqual({ ...recorded.WHK2PTE8YWQ6NS, is_webhook_enabled: false, integration_filter: null });
    const rows = await target.server.dataSource.getRepository(Webhook).find();
    expect(rows.map((w) => [w.password, w.authorizationHeader]).flat().filter((s) => s !== null)).toEqual([]);

    const policies = Object.fromEntries((await listAll(target.api, "escalation_policies")).map((p) => [p.id, p]));
    const recordedPolicies = Object.fromEntries(readFixture("oncall/escalation_policies.json").map((p: any) => [p.id, p]));
    for (const id of ["E3GA6SJETWWJS", "E5JJTU52M5YM4", "E2Z8PVZQJQGA9", "EKX4N1ZRFH6QA", "EP7GLM2WD1C5Y"]) expect(policies[id]).toEqual(recordedPolicies[id]);
    expect(policies.EJ6V2DS9UMP4T).toEqual({ ...recordedPolicies.EJ6V2DS9UMP4T, notify_on_call_from_schedule: null });
  });

  it("opens an alert group when Alertmanager posts to the link OnCall gave it, on outhook's host", async () => {
    const res = await target.http.post("/integrations/v1/alertmanager/mReAoNwDm0eMwKo1mTeTwYo/", readFixture("inbound/alertmanager_firing.json"));
    expect(res.status).toBe(200);
    await eventually(async () => (await ok(target.api.get("/api/v1/alert_groups/?integration_id=CFRPV98RPR1U8"))).count === 1);
  });

  it("changes nothing on a second run, then updates in place what changed at the source", async () => {
    const again = await importInto(db, oncall.url, ONCALL_TOKEN);
    expect(Object.values(outcomes(again, "team", "user", "escalation_chain", "integration", "webhook", "escalation_policy")).filter((o) => o !== "unchanged" && o !== "unsupported")).toEqual([]);

    oncall.data.teams[1].name = "dba";
    oncall.data.users[1].role = "viewer";
    oncall.data.webhooks[1].url = "https://cmdb.example.com/v2/hook";
    oncall.data.escalation_policies[0].position = 1; // wait and notify_persons swap places
    oncall.data.escalation_policies[1].position = 0;
    const changed = await importInto(db, oncall.url, ONCALL_TOKEN);
    const moved = Object.entries(outcomes(changed)).filter(([, o]) => o !== "unchanged" && o !== "unsupported");
    expect(Object.fromEntries(moved)).toEqual({
      TR3KDSDV5XS9V: "updated", UCGEIXI1MR1NZ: "updated", WHJ5J6XJIBAG9I: "updated", E3GA6SJETWWJS: "updated", E5JJTU52M5YM4: "updated",
    });
    expect(entryOf(changed, "WHJ5J6XJIBAG9I").detail).toBe("changed url");
    expect((await ok(target.api.get("/api/v1/teams/TR3KDSDV5XS9V/"))).name).toBe("dba");
    expect((await ok(target.api.get("/api/v1/users/UCGEIXI1MR1NZ/"))).role).toBe("viewer");
    expect((await ok(target.api.get("/api/v1/webhooks/WHJ5J6XJIBAG9I/"))).url).toBe("https://cmdb.example.com/v2/hook");
    const chain = (await listAll(target.api, "escalation_policies")).filter((p) => p.escalation_chain_id === "F5JU6KJET33FE");
    expect(chain.map((p) => [p.id, p.position])).toEqual([["E5JJTU52M5YM4", 0], ["E3GA6SJETWWJS", 1], ["E2Z8PVZQJQGA9", 2], ["EJ6V2DS9UMP4T", 4]]);
    expect((await listAll(target.api, "teams")).length).toBe(2); // in place: no duplicates
  });

  it("brings OnCall's change of a preset webhook, which outhook's API keeps read-only", async () => {
    oncall.data.webhooks[2].http_method = "PUT";
    const report = await importInto(db, oncall.url, ONCALL_TOKEN);
    expect(entryOf(report, "WHAXK4BTC7TAEQ")).toMatchObject({ outcome: "updated", detail: "changed http_method" });
    expect(await ok(target.api.get("/api/v1/webhooks/WHAXK4BTC7TAEQ/"))).toMatchObject({ http_method: "PUT", preset: "simple_webhook" });
    const put = await target.api.put("/api/v1/webhooks/WHAXK4BTC7TAEQ/", { http_method: "POST" });
    expect([put.status, put.data]).toEqual([400, { non_field_errors: ["Preset webhooks must be modified through web UI"] }]);
  });

  it("keeps the stored version, and what refers to it, when outhook refuses OnCall's change", async () => {
    const templates = oncall.data.integrations[0].templates;
    templates.grouping_key = "{{ payload.groupKey";
    try {
      const report = await importInto(db, oncall.url, ONCALL_TOKEN);
      expect(entryOf(report, "CFRPV98RPR1U8")).toMatchObject({ outcome: "rejected", detail: "kept as it was: Invalid grouping_key template data" });
      expect(failed(report).map((e) => e.id)).toEqual(["CFRPV98RPR1U8"]);
      expect(entryOf(report, "WHL3WF151FKKIB").outcome).toBe("unchanged"); // its filter still names the integration
      expect((await ok(target.api.get("/api/v1/integrations/CFRPV98RPR1U8/"))).templates.grouping_key).toBeNull();
    } finally {
      templates.grouping_key = null;
    }
  });

  it("keeps a secret the operator entered, and the webhook enabled, on later runs", async () => {
    await ok(target.api.patch("/api/v1/webhooks/WHL3WF151FKKIB/", { authorization_header: "Bearer real", is_webhook_enabled: true }));
    oncall.data.webhooks[1].is_webhook_enabled = false; // disabled in OnCall: the note no longer says to enable it
    const report = await importInto(db, oncall.url, ONCALL_TOKEN);
    expect(entryOf(report, "WHL3WF151FKKIB")).toMatchObject({ outcome: "unchanged", notes: [] });
    expect(entryOf(report, "WHJ5J6XJIBAG9I")).toMatchObject({
      outcome: "unchanged", notes: ['OnCall masks its password: imported without; PATCH /api/v1/webhooks/WHJ5J6XJIBAG9I/ with "password"'],
    });
    const stored = await target.server.dataSource.getRepository(Webhook).findOneByOrFail({ publicId: "WHL3WF151FKKIB" });
    expect([stored.authorizationHeader, stored.isWebhookEnabled]).toEqual(["Bearer real", true]);
  });
});

describe("import-oncall --dry-run", () => {
  it("plans everything and writes nothing, not even the database file", async () => {
    const fresh = await createTestDatabase();
    try {
      const report = await importInto(fresh, oncall.url, ONCALL_TOKEN, { dryRun: true });
      expect(report.dryRun).toBe(true);
      expect(outcomes(report, "webhook")).toEqual({ WHL3WF151FKKIB: "created", WHJ5J6XJIBAG9I: "created", WHAXK4BTC7TAEQ: "created", WHK2PTE8YWQ6NS: "created", WHSN4W7RM2QXPB: "unsupported" });
      if (fresh.kind === "sqlite") expect(fs.existsSync(sqliteFileOf(fresh.url)!)).toBe(false);
      else expect(await tableCount(fresh.url)).toBe(0);
    } finally {
      await fresh.drop();
    }
  });

  it("leaves an imported database as it is", async () => {
    oncall.data.webhooks[2].url = "https://status.example.com/v3";
    const report = await importInto(db, oncall.url, ONCALL_TOKEN, { dryRun: true });
    expect(entryOf(report, "WHAXK4BTC7TAEQ")).toMatchObject({ outcome: "updated", detail: "changed url" });
    expect((await ok(target.api.get("/api/v1/webhooks/WHAXK4BTC7TAEQ/"))).url).toBe("https://status.example.com/incidents");
  });
});

describe("import-oncall refused by the source", () => {
  it("stops with the source's answer and writes nothing", async () => {
    const fresh = await createTestDatabase();
    try {
      await expect(importInto(fresh, oncall.url, "wrong")).rejects.toThrow(OnCallError);
      await expect(importInto(fresh, oncall.url, "wrong")).rejects.toThrow(/answered 401 \(check --token.*Invalid token/);
      if (fresh.kind === "sqlite") expect(fs.existsSync(sqliteFileOf(fresh.url)!)).toBe(false);
    } finally {
      await fresh.drop();
    }
  });
});

async function tableCount(url: string): Promise<number> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
    return rows[0].n;
  } finally {
    await client.end();
  }
}
