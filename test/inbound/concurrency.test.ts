import { readFixture } from "../helpers/fixtures";
import { startTestServer, type TestServer } from "../helpers/server";
import { createIntegration, eventsOf, groupsOf, postAlert } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe("concurrent inbound POSTs", () => {
  it("a burst with one grouping key opens exactly one group and keeps every alert", async () => {
    const integration = await createIntegration(t, "alertmanager");
    const body = readFixture("inbound/alertmanager_firing.json");
    const responses = await Promise.all(Array.from({ length: 40 }, () => postAlert(t, integration, body)));
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
    const groups = await groupsOf(t, integration.id);
    expect(groups).toHaveLength(1);
    expect(groups[0].alerts_count).toBe(40);
    expect((await t.api.get(`/api/v1/alerts/?alert_group_id=${groups[0].id}`)).data.count).toBe(40);
    expect(await eventsOf(t, groups[0].id)).toEqual([["alert group created", null]]);
  });

  it("a burst of distinct keys opens one group per key", async () => {
    const integration = await createIntegration(t, "formatted_webhook");
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => postAlert(t, integration, { alert_uid: `k${i % 3}`, title: `t${i % 3}` })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const groups = await groupsOf(t, integration.id);
    expect(groups.map((g) => g.alerts_count).sort()).toEqual([10, 10, 10]);
  });
});
