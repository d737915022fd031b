// The inbound reference (issue 9): express 5 + express.json() + one better-sqlite3 transaction of prepared
// statements per alert — find the group by key, insert group, alert and outbox row. Same SQLite settings as
// outhook's file (WAL, default synchronous). Run as its own process, posted to by the same clients.
import Database from "better-sqlite3";
import express from "express";

const db = new Database(process.argv[2]);
db.pragma("journal_mode = WAL");
db.exec(`
  CREATE TABLE IF NOT EXISTS alert_group (id INTEGER PRIMARY KEY, integration TEXT NOT NULL, grouping_key TEXT NOT NULL,
    title TEXT, created_at TEXT NOT NULL);
  CREATE UNIQUE INDEX IF NOT EXISTS alert_group_key ON alert_group (integration, grouping_key);
  CREATE TABLE IF NOT EXISTS alert (id INTEGER PRIMARY KEY, alert_group_id INTEGER NOT NULL REFERENCES alert_group (id),
    payload TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, alert_group_id INTEGER NOT NULL REFERENCES alert_group (id),
    type TEXT NOT NULL, created_at TEXT NOT NULL);
`);
const findGroup = db.prepare<[string, string], { id: number }>("SELECT id FROM alert_group WHERE integration = ? AND grouping_key = ?");
const insertGroup = db.prepare("INSERT INTO alert_group (integration, grouping_key, title, created_at) VALUES (?, ?, ?, ?)");
const insertAlert = db.prepare("INSERT INTO alert (alert_group_id, payload, created_at) VALUES (?, ?, ?)");
const insertOutbox = db.prepare("INSERT INTO outbox (alert_group_id, type, created_at) VALUES (?, ?, ?)");

const store = db.transaction((integration: string, payload: any) => {
  const now = new Date().toISOString();
  const key = String(payload.groupKey ?? "");
  let groupId = findGroup.get(integration, key)?.id;
  if (groupId === undefined) {
    groupId = Number(insertGroup.run(integration, key, String(payload.groupLabels?.alertname ?? ""), now).lastInsertRowid);
    insertOutbox.run(groupId, "alert group created", now);
  }
  insertAlert.run(groupId, JSON.stringify(payload), now);
});

const app = express();
app.use(express.json());
app.post("/integrations/v1/:type/:token/", (req, res) => {
  store(String(req.params.token), req.body);
  res.status(200).json("Ok.");
});
const server = app.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as { port: number }).port }));
server.keepAliveTimeout = 60_000;
process.on("message", () => server.close(() => (db.close(), process.exit(0))));
process.on("disconnect", () => process.exit(0)); // the bench has gone
