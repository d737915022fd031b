import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { DELIVERY_EVENTS } from "../helpers/live";
import { spawnServer } from "../helpers/process";

// SIGTERM with subscribers connected: their subscriptions end, their sockets close, and the process exits 0,
// also when a client never answers the close handshake.
jest.setTimeout(120_000);

it("exits 0 on SIGTERM with live subscribers, one of them unresponsive", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outhook-live-"));
  const token = "live-sigterm-token-1";
  const server = await spawnServer({ DATABASE_URL: `sqlite:${path.join(dir, "o.sqlite")}`, BOOTSTRAP_API_TOKEN: token, SECRET_KEY: "k" });
  try {
    // Bare graphql-ws clients, subscribed once acknowledged; the second then stops reading its socket.
    const connect = (stopReading: boolean) => {
      const socket = new WebSocket(`${server.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
      const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
      const subscribed = new Promise<void>((resolve, reject) => {
        socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { Authorization: token } })));
        socket.on("message", (m) => {
          if (JSON.parse(String(m)).type !== "connection_ack") return;
          socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: DELIVERY_EVENTS } }));
          if (stopReading) (socket as unknown as { _socket: { pause(): void } })._socket.pause();
          resolve();
        });
        socket.on("error", reject);
      });
      return { socket, closed, subscribed };
    };
    const listening = connect(false);
    const stuck = connect(true);
    await Promise.all([listening.subscribed, stuck.subscribed]);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(await listening.closed).toBe(1001);
    stuck.socket.terminate();
  } finally {
    server.child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
