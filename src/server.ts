import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import type { DataSource } from "typeorm";
import { createDataSource } from "../ormconfig";
import { createApp } from "./app";
import { writeJson } from "./json/json-text";
import { loadConfig, withListeningPort, type Config } from "./config";
import { DeliveryEngine } from "./delivery/engine";
import { TemplateRenderer } from "./templating";
import { createLogger, outsideLogScope, type Logger } from "./logger";
import { buildOuthookSchema } from "./schema/build-schema";
import type { GraphQLContext } from "./schema/context";
import { formatError } from "./schema/format-error";
import { queryLimitsPlugin } from "./schema/query-limits";
import { resolveSecretKey, useSecretKey } from "./secrets";
import { createServices, type Services } from "./services";
import type { AppContext } from "./context";
import { Scheduler } from "./services/scheduler";
import { openWriter } from "./db/writer";
import { Retention } from "./retention/retention";
import { ensureIncrementalVacuum } from "./retention/sqlite-space";
import { Metrics } from "./metrics/metrics";
import { registerQueueGauges } from "./metrics/queue-gauges";
import { startLiveDeliveries, type LiveDeliveries } from "./live/live-deliveries";
import { attachGraphqlWebsocket } from "./live/graphql-websocket";

/** How long a stop waits for HTTP requests in flight (a stalled upload) before it cuts their connections. */
const HTTP_GRACE_MS = 4_000;

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  dataSource: DataSource;
  services: Services;
  engine: DeliveryEngine;
  /** `GET /metrics`; `metrics.registerGauge` adds gauges read at scrape time. */
  metrics: Metrics;
  /** The live feed of `subscription { deliveryEvents }`. */
  live: LiveDeliveries;
  /** Stop accepting, finish in-flight work, close the database. */
  close(): Promise<void>;
}

/** Opens the database (creating the SQLite folder) and applies every pending migration. */
export async function openDatabase(config: Config, log: Logger): Promise<DataSource> {
  if (config.sqliteFile) fs.mkdirSync(path.dirname(config.sqliteFile), { recursive: true });
  const dataSource = createDataSource(config.databaseUrl);
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: "each" });
  if (applied.length) log.info("database: migrations applied", { migrations: applied.map((m) => m.name) });
  if (config.sqliteFile) await ensureIncrementalVacuum(dataSource, log);
  return dataSource;
}

/** Everything `npm start` runs, as a function tests call too. Listening first makes PORT=0 known to BASE_URL. */
export async function startServer(env: NodeJS.ProcessEnv = process.env, log: Logger = createLogger()): Promise<RunningServer> {
  let config = loadConfig(env);
  useSecretKey(resolveSecretKey(config, (m) => log.warn(m)));
  const startingUp: http.RequestListener = (_req, res) => {
    res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ detail: "Starting up." }));
  };
  const httpServer = http.createServer(startingUp);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  config = withListeningPort(config, env, port);

  const dataSource = await openDatabase(config, log);
  const writer = await openWriter(dataSource);
  const renderer = new TemplateRenderer();
  let engine: DeliveryEngine | undefined;
  const metrics = new Metrics(log);
  // The engine's claim loop may start inside a request: its lines must not carry that request's id.
  const ctx: AppContext = { config, dataSource, log, renderer, wakeDelivery: () => outsideLogScope(() => engine?.wake()), observer: metrics };
  const services = createServices(ctx);
  registerQueueGauges(metrics, () => services.deliveryHealth.queueOfAll());
  metrics.registerGauge({
    name: "outhook_webhooks_paused",
    help: "Webhooks paused by their failures (WEBHOOK_PAUSE_*) and not resumed",
    read: async () => Number((await dataSource.query("SELECT COUNT(*) AS n FROM webhook WHERE paused_at IS NOT NULL AND deleted_at IS NULL"))[0].n),
  });
  if (config.bootstrapApiToken) await services.auth.bootstrap(config.bootstrapApiToken);

  engine = new DeliveryEngine(ctx, writer);
  engine.onCommitted(metrics.attempts.countCommitted);
  const scheduler = new Scheduler(ctx, services);
  const retention = new Retention({ config, dataSource, writer, log });
  await engine.start();
  await scheduler.start();
  retention.start();

  const schema = await buildOuthookSchema();
  const live = await startLiveDeliveries({ config, services, engine, log });
  const websocket = attachGraphqlWebsocket({ httpServer, schema, services, feed: live.feed, log });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // Apollo's landing page loads from a CDN; browsers get our offline GraphiQL instead (src/explorer/).
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: HTTP_GRACE_MS }),
      ApolloServerPluginLandingPageDisabled(),
      queryLimitsPlugin(),
    ],
    formatError: formatError(log),
    includeStacktraceInErrorResponses: false,
    // Alert payloads are JsonText (JSON scalar fields pass them through): written as stored, numbers exact.
    stringifyResult: (result) => `${writeJson(result)}\n`,
    // main.ts owns the signals: Apollo's own handler would race our ordered shutdown and re-raise the signal.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const healthy = async () => {
    await dataSource.query("SELECT 1");
    return engine!.running;
  };
  const app = createApp({ config, services, apollo, log, healthy, metrics });
  // Only our own listener: Apollo's drain plugin counts requests per socket on this event, so that stopping
  // answers the requests in flight before it closes their connections.
  httpServer.off("request", startingUp);
  httpServer.on("request", app);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Side by side, so a stop takes at most max(HTTP grace, one attempt's deadline): HTTP stops accepting and
      // answers the requests in flight, while the engine stops claiming and finishes or hands back what it holds.
      // Deliveries committed by the last requests wait in the outbox for the next start.
      await Promise.all([
        (async () => {
          // Subscriptions end first (clients get `complete`, then a 1001 close): Apollo's HTTP drain sees no request
          // on an upgraded socket and would destroy it at once, without a close frame.
          await live.close();
          await websocket.close();
          await apollo.stop();
        })(),
        (async () => {
          await scheduler.stop();
          await retention.stop();
          await engine!.stop();
        })(),
      ]);
      await writer.close();
      await renderer.close();
      await dataSource.destroy();
    })());
  return { url: `http://127.0.0.1:${port}`, port, config, dataSource, services, engine, metrics, live, close };
}
