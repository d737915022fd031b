// The inbound path reads the integration by its token on every POST (one prepared statement, no cache that
// could go stale across instances): a change through the API takes effect on the very next POST.
import { startTestServer, type TestServer } from "../helpers/server";
import { createIntegration, groupsOf, postAlert } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe("integration changes reach the next POST", () => {
  it("a PATCHed grouping key and title template", async () => {
    const integration = await createIntegration(t, "webhook", { templates: { grouping_key: "{{ payload.k }}", web: { title: "old {{ payload.k }}" } } });
    expect((await postAlert(t, integration, { k: "a", n: 1 })).status).toBe(200);
    const patched = await t.api.patch(`/api/v1/integrations/${integration.id}/`, { templates: { grouping_key: "{{ payload.n }}", web: { title: "new {{ payload.n }}" } } });
    expect(patched.status).toBe(200);
    expect((await postAlert(t, integration, { k: "a", n: 2 })).status).toBe(200);
    const titles = (await groupsOf(t, integration.id)).map((g) => [g.title, g.alerts_count]).sort();
    expect(titles).toEqual([["new 2", 1], ["old a", 1]]);
  });

  it("a deleted integration's link answers as an unknown token, on POST and GET", async () => {
    const integration = await createIntegration(t, "alertmanager");
    expect((await postAlert(t, integration, "alertmanager_firing.json")).status).toBe(200);
    expect((await t.api.delete(`/api/v1/integrations/${integration.id}/`)).status).toBe(204);
    const refused = await postAlert(t, integration, "alertmanager_firing.json");
    expect([refused.status, refused.data]).toEqual([403, "Integration key was not found. Permission denied."]);
    const path = new URL(integration.link).pathname;
    const get = await t.http.get(path);
    expect([get.status, get.data]).toEqual([403, "Integration key was not found. Permission denied."]);
  });
});
