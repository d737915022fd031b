import { AlertGroup } from "../../src/schema/entities";
import { eventually } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { adminUser, eventDetails, eventsOf, firingGroup } from "../inbound/helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const groupRow = (id: string) => t.server.dataSource.getRepository(AlertGroup).findOneByOrFail({ publicId: id });

describe("silence expiry", () => {
  it("unsilences when the period ends: fields cleared, escalation restarted, unsilence with no user", async () => {
    const admin = (await adminUser(t)).publicId;
    const id = await firingGroup(t);
    expect((await t.api.post(`/api/v1/alert_groups/${id}/silence/`, { delay: 1 })).status).toBe(200);
    const silenced = await groupRow(id);
    expect(silenced.silencedUntil!.getTime() - silenced.silencedAt!.getTime()).toBe(1000);
    expect((await eventDetails(t, id))[1]).toEqual({ until: silenced.silencedUntil!.toISOString() });

    await eventually(async () => (await groupRow(id)).silencedAt === null);
    expect((await t.api.get(`/api/v1/alert_groups/${id}/`)).data).toMatchObject({ state: "firing", silenced_at: null });
    expect(await eventsOf(t, id)).toEqual([["alert group created", null], ["silence", admin], ["unsilence", null]]);
  });

  it("expires a silence that ended while the server was down, once, after restart", async () => {
    const admin = (await adminUser(t)).publicId;
    const id = await firingGroup(t);
    await t.api.post(`/api/v1/alert_groups/${id}/silence/`, { delay: 2 });
    const { silencedUntil } = await groupRow(id);
    await t.stop();
    // Wait past the end of the silence while nothing runs.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, silencedUntil!.getTime() - Date.now()) + 300));
    t = await t.restart();
    await eventually(async () => (await groupRow(id)).silencedAt === null);
    expect(await eventsOf(t, id)).toEqual([["alert group created", null], ["silence", admin], ["unsilence", null]]);
    expect((await t.api.get(`/api/v1/alert_groups/${id}/`)).data.state).toBe("firing");
  });

  it("does not unsilence a group silenced forever, nor one acknowledged meanwhile", async () => {
    const forever = await firingGroup(t);
    await t.api.post(`/api/v1/alert_groups/${forever}/silence/`, { delay: -1 });
    const acked = await firingGroup(t);
    await t.api.post(`/api/v1/alert_groups/${acked}/silence/`, { delay: 1 });
    await t.api.post(`/api/v1/alert_groups/${acked}/acknowledge/`);
    // A later silence with a 1 s period proves the expiry loop ran past both.
    const probe = await firingGroup(t);
    await t.api.post(`/api/v1/alert_groups/${probe}/silence/`, { delay: 1 });
    await eventually(async () => (await groupRow(probe)).silencedAt === null);
    expect((await groupRow(forever)).silencedAt).not.toBeNull();
    expect((await eventsOf(t, forever)).map(([type]) => type)).toEqual(["alert group created", "silence"]);
    expect((await eventsOf(t, acked)).map(([type]) => type)).toEqual(["alert group created", "silence", "acknowledge"]);
  });
});
