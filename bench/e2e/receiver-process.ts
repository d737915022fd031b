// The webhook receiver, run as its own process (so its CPU shows as a real receiver's would): keep-alive,
// answers 200 at once, counts requests and keeps the first and last arrival. With markers on, it also keeps
// each request's `"marker": "…"` value and arrival (latency runs). Driven over the IPC channel of fork().
import http from "node:http";
import { monoMs } from "./clock";

const OK = '{"ok":true}';
const MARKER = /"marker":\s*"([^"]*)"/;

let count = 0;
let first = 0;
let last = 0;
let markers = false;
let arrivals: [string, number][] = [];

const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const at = monoMs();
    count++;
    if (first === 0) first = at;
    last = at;
    if (markers) arrivals.push([MARKER.exec(Buffer.concat(chunks).toString("utf8"))?.[1] ?? "", at]);
    res.writeHead(200, { "content-type": "application/json", "content-length": String(OK.length) }).end(OK);
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 61_000;

export type ReceiverCommand = { op: "reset"; markers: boolean } | { op: "stats" } | { op: "arrivals" } | { op: "close" };

process.on("message", (command: ReceiverCommand) => {
  switch (command.op) {
    case "reset":
      count = 0;
      first = 0;
      last = 0;
      arrivals = [];
      markers = command.markers;
      return process.send!({ ok: true });
    case "stats":
      return process.send!({ count, first, last });
    case "arrivals":
      return process.send!({ arrivals });
    case "close":
      return server.close(() => process.exit(0));
  }
});

process.on("disconnect", () => process.exit(0)); // the bench has gone

server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as { port: number }).port }));
