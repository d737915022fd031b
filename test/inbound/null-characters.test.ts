import { startTestServer, type TestServer } from "../helpers/server";
import { createIntegration, groupsOf, postAlert } from "./helpers";

// A sender's payload may hold "\u0000" (JSON escapes it, so the stored payload text is fine), but a rendered
// title or grouping key then holds a real NUL, which PostgreSQL text refuses: it is stored as U+FFFD, like
// every record field, instead of failing the POST with a 500.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

it("stores an alert whose title and grouping key render a NUL", async () => {
  const integration = await createIntegration(t, "webhook", {
    templates: { grouping_key: "{{ payload.key }}", web: { title: "{{ payload.title }}" } },
  });
  const payload = { key: "k\u0000ey", title: "disk\u0000full" };
  expect((await postAlert(t, integration, payload)).status).toBe(200);
  expect((await postAlert(t, integration, payload)).status).toBe(200); // the same key groups it with the first
  const groups = await groupsOf(t, integration.id);
  expect(groups).toHaveLength(1);
  expect(groups[0].title).toBe("disk\uFFFDfull");
  expect(groups[0].alerts_count).toBe(2);
  const alerts = await t.api.get(`/api/v1/alerts/?alert_group_id=${groups[0].id}`);
  expect(alerts.status).toBe(200);
  expect(alerts.data.results[0].payload).toEqual(payload); // the payload itself is kept exactly as sent
});
