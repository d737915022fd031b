import http from "node:http";
import type { AddressInfo } from "node:net";
import { attachGraphqlWebsocket, type GraphqlWebsocket } from "../../src/live/graphql-websocket";
import { createLogger } from "../../src/logger";
import { buildOuthookSchema } from "../../src/schema/build-schema";
import { ApiToken, User } from "../../src/schema/entities";
import { eventually } from "../helpers/fixtures";
import { DELIVERY_EVENTS, liveClient, subscribe } from "../helpers/live";
import { startTestServer, type TestServer } from "../helpers/server";
import { createUserWithToken } from "../helpers/users";

// An open socket's token is checked again while it stays open: revoking the token (4401) or deactivating the
// user (4403) cuts it off. The server's own interval is a minute; this socket server, on the same services and
// feed, checks every 100 ms.
let t: TestServer;
let httpServer: http.Server;
let websocket: GraphqlWebsocket;
let url: string;

beforeAll(async () => {
  t = await startTestServer();
  httpServer = http.createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  websocket = attachGraphqlWebsocket({
    httpServer, schema: await buildOuthookSchema(), services: t.server.services, feed: t.server.live.feed, log: createLogger("silent"), tokenRecheckMs: 100,
  });
});
afterAll(async () => {
  await websocket.close();
  await new Promise((resolve) => httpServer.close(resolve));
  await t.close();
});

it.each([
  ["revoking the token", 4401, (user: User) => t.server.dataSource.getRepository(ApiToken).update({ userId: user.id }, { revokedAt: new Date() })],
  ["deactivating the user", 4403, (user: User) => t.server.dataSource.getRepository(User).update({ id: user.id }, { isActive: false })],
])("%s closes an open subscription's socket with %i", async (_name, code, cutOff) => {
  const { user, token } = await createUserWithToken(t);
  let closed: { code: number } | null = null;
  const client = liveClient(url, { Authorization: token }, (e) => (closed = e));
  const { received } = subscribe(client, DELIVERY_EVENTS);
  await eventually(async () => t.server.live.feed.subscriberCount === 1);
  await cutOff(user);
  await eventually(async () => closed !== null);
  expect(closed).toMatchObject({ code });
  await received.waitForEnd();
  await eventually(async () => t.server.live.feed.subscriberCount === 0);
  await client.dispose();
});
