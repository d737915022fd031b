// Requests share one SQLite connection; they must not share transactions. A write answered 200 is stored even
// when another request's transaction, open at the same moment, is rolled back (issue 8). Runs on PostgreSQL too.
import http from "node:http";
import { Webhook } from "../../src/schema/entities";
import { createWebhook } from "../helpers/alert-groups";
import { startTestServer, type TestServer } from "../helpers/server";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

jest.setTimeout(60_000);

it("PATCHes racing integration creates that fail inside their transaction are all stored", async () => {
  const hooks: { id: string }[] = [];
  for (let i = 0; i < 60; i++) hooks.push(await createWebhook(t, { url: "http://127.0.0.1:9/" }));
  expect((await t.api.post("/api/v1/integrations/", { type: "webhook", name: "taken" })).status).toBe(201);
  // One socket per request, so that they all interleave on the server. Both kinds check a template first, and
  // the renderer answers checks in batches: the PATCHes' writes and the creates' transactions resume together.
  const agent = new http.Agent({ maxSockets: 2 * hooks.length });

  for (let round = 0; round < 3; round++) {
    const answered: { id: string; name: string; data: string }[] = [];
    await Promise.all(
      hooks.flatMap((hook, i) => {
        const name = `patched-${round}-${i}`;
        const data = `{"round": ${round}, "i": ${i}}`;
        const templates = { grouping_key: `{{ payload.id }}-${round}-${i}` };
        return [
          t.api.post("/api/v1/integrations/", { type: "webhook", name: "taken", templates }, { httpAgent: agent }).then((res) => {
            expect(res.status).toBe(400); // the name check throws inside the create's transaction
          }),
          t.api.patch(`/api/v1/webhooks/${hook.id}/`, { name, data }, { httpAgent: agent }).then((res) => {
            expect(res.status).toBe(200);
            answered.push({ id: hook.id, name, data });
          }),
        ];
      }),
    );
    const stored = await t.server.dataSource.getRepository(Webhook).find({ select: { publicId: true, name: true, data: true } });
    const byId = new Map(stored.map((w) => [w.publicId, { id: w.publicId, name: w.name, data: w.data }]));
    expect(answered.filter((a) => byId.get(a.id)?.name !== a.name || byId.get(a.id)?.data !== a.data)).toEqual([]);
  }
  agent.destroy();
});
