import { failed, renderReport } from "../../src/import-oncall/report";
import { EscalationChain, Integration } from "../../src/schema/entities";
import { createIntegration } from "../helpers/integrations";
import { startTestServer, type TestServer } from "../helpers/server";
import { createTeam, createUserWithToken } from "../helpers/users";
import { entryOf, importInto, ok, outcomes } from "./helpers";
import { ONCALL_TOKEN, type RecordedOnCall, startRecordedOnCall } from "./recorded-oncall";

// Importing into a database that already holds objects: what collides is reported as a conflict and left as it
// is; everything else arrives, without the references to what could not.
let oncall: RecordedOnCall;
let target: TestServer;

beforeAll(async () => {
  oncall = await startRecordedOnCall({ pageSize: 100 });
  target = await startTestServer();
});
afterAll(async () => {
  await target.close();
  await oncall.close();
});

describe("import-oncall into a database in use", () => {
  it("reports ids, names and inbound tokens held by other objects as conflicts and overwrites none of them", async () => {
    const team = await createTeam(target, "platform"); // OnCall's TAAM1K1NNEHAG has this name
    const sam = await createUserWithToken(target, { username: "Sam", role: "viewer" }); // usernames ignore case
    const other = await createUserWithToken(target, { newOrganization: true, username: "elsewhere" });
    await target.server.dataSource.getRepository(EscalationChain).save({ publicId: "F5JU6KJET33FE", organizationId: other.organization.id, teamId: null, name: "theirs" });
    const cmdb = await ok(target.api.post("/api/v1/webhooks/", { name: "Notify CMDB", url: "https://mine.example.com", http_method: "GET", trigger_type: "resolve" }), 201);
    const { integration } = await createIntegration(target, { name: "holds a token" });
    await target.server.dataSource.getRepository(Integration).update({ id: integration.id }, { token: "z8Qd4XbN2pLmT6wYc1RvKa0Hs" });

    const report = await importInto(target.db, oncall.url, ONCALL_TOKEN);
    expect(Object.fromEntries(failed(report).map((e) => [e.id, e.detail]))).toEqual({
      TAAM1K1NNEHAG: `its name is taken by team ${team.publicId} in outhook`,
      UCGEIXI1MR1NZ: `its name is taken by user ${sam.user.publicId} in outhook`,
      F5JU6KJET33FE: "another organization or a deleted object holds this id in outhook",
      C2KWJ72CEVWX7: `its inbound token is already used by integration ${integration.publicId} in outhook`,
      WHJ5J6XJIBAG9I: `its name is taken by webhook ${cmdb.id} in outhook`,
    });
    // The chain's policies cannot exist without it; references to what is missing are left out, with a note.
    expect(outcomes(report, "escalation_policy")).toMatchObject({ E3GA6SJETWWJS: "skipped", E5JJTU52M5YM4: "skipped", EKX4N1ZRFH6QA: "created" });
    expect(entryOf(report, "E3GA6SJETWWJS").detail).toBe("its escalation chain F5JU6KJET33FE was not imported");
    expect(entryOf(report, "EP7GLM2WD1C5Y").notes).toEqual(["user UCGEIXI1MR1NZ was not imported: left out"]);
    expect(entryOf(report, "CFRPV98RPR1U8").notes).toEqual(["escalation chain F5JU6KJET33FE was not imported: left empty"]);
    expect(entryOf(report, "U4DNY931HHJS5").notes).toEqual([
      "team TAAM1K1NNEHAG was not imported: left out",
      "grafana_id 1 is taken in outhook: it gets the next free one", // by the bootstrap admin
    ]);
    expect(renderReport(report)).toContain(`  team TAAM1K1NNEHAG "platform": conflict, not imported: its name is taken by team ${team.publicId} in outhook`);

    expect(await ok(target.api.get(`/api/v1/teams/${team.publicId}/`))).toMatchObject({ name: "platform" });
    expect(await ok(target.api.get(`/api/v1/webhooks/${cmdb.id}/`))).toMatchObject({ url: "https://mine.example.com", trigger_type: "resolve" });
    expect((await target.api.get("/api/v1/webhooks/WHJ5J6XJIBAG9I/")).status).toBe(404);
    expect(await target.server.dataSource.getRepository(EscalationChain).findOneByOrFail({ publicId: "F5JU6KJET33FE" })).toMatchObject({ name: "theirs", organizationId: other.organization.id });
    expect(await ok(target.api.get("/api/v1/users/U4DNY931HHJS5/"))).toMatchObject({ teams: [], grafana_id: 3 });
    expect((await ok(target.api.get("/api/v1/escalation_policies/EP7GLM2WD1C5Y/"))).persons_to_notify_next_each_time).toEqual(["UWB5R7GDD8PFP"]);
  });

  it("calls an integration id outhook holds with another type a conflict, not a change of type", async () => {
    oncall.data.integrations[0].type = "webhook";
    oncall.data.integrations[0].link = oncall.data.integrations[0].link.replace("/alertmanager/", "/webhook/");
    const report = await importInto(target.db, oncall.url, ONCALL_TOKEN);
    expect(entryOf(report, "CFRPV98RPR1U8")).toMatchObject({
      outcome: "conflict", detail: "outhook's integration with this id has another type: it is another object",
    });
    expect((await ok(target.api.get("/api/v1/integrations/CFRPV98RPR1U8/"))).type).toBe("alertmanager");
  });
});
