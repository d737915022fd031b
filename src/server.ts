import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import type { DataSource } from "typeorm";
import { createDataSource } from "../ormconfig";
import { createApp } from "./app";
import { loadConfig, withListeningPort, type Config } from "./config";
import { DeliveryEngine } from "./delivery/engine";
import { TemplateRenderer } from "./templating";
import { createLogger, type Logger } from "./logger";
import { buildOuthookSchema } from "./schema/build-schema";
import type { GraphQLContext } from "./schema/context";
import { formatError } from "./schema/format-error";
import { queryLimitsPlugin } from "./schema/query-limits";
import { resolveSecretKey, useSecretKey } from "./secrets";
import { createServices, type Services } from "./services";
import type { AppContext } from "./context";
import { Scheduler } from "./services/scheduler";

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  dataSource: DataSource;
  services: Services;
  engine: DeliveryEngine;
  /** Stop accepting, finish in-flight work, close the database. */
  close(): Promise<void>;
}

/** Opens the database (creating the SQLite folder) and applies every pending migration. */
export async function openDatabase(config: Config): Promise<DataSource> {
  if (config.sqliteFile) fs.mkdirSync(path.dirname(config.sqliteFile), { recursive: true });
  const dataSource = createDataSource(config.databaseUrl);
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: "each" });
  return dataSource;
}

/** Everything `npm start` runs, as a function tests call too. Listening first makes PORT=0 known to BASE_URL. */
export async function startServer(env: NodeJS.ProcessEnv = process.env, log: Logger = createLogger()): Promise<RunningServer> {
  let config = loadConfig(env);
  const httpServer = http.createServer((_req, res) => {
    res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ detail: "Starting up." }));
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  config = withListeningPort(config, env, port);

  useSecretKey(resolveSecretKey(config, (m) => log.warn(m)));
  const dataSource = await openDatabase(config);
  const renderer = new TemplateRenderer();
  let engine: DeliveryEngine | undefined;
  const ctx: AppContext = { config, dataSource, log, renderer, wakeDelivery: () => engine?.wake() };
  const services = createServices(ctx);
  if (config.bootstrapApiToken) await services.auth.bootstrap(config.bootstrapApiToken);

  engine = new DeliveryEngine(ctx);
  const scheduler = new Scheduler(ctx, services);
  await engine.start();
  await scheduler.start();

  const apollo = new ApolloServer<GraphQLContext>({
    schema: await buildOuthookSchema(),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), queryLimitsPlugin()],
    formatError: formatError(log),
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals: Apollo's own handler would race our ordered shutdown and re-raise the signal.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const healthy = async () => {
    await dataSource.query("SELECT 1");
    return engine!.running;
  };
  const app = createApp({ config, services, apollo, log, healthy });
  httpServer.removeAllListeners("request");
  httpServer.on("request", app);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await apollo.stop(); // stops accepting and drains HTTP requests in flight
      await scheduler.stop();
      await engine!.stop();
      await renderer.close();
      await dataSource.destroy();
    })());
  return { url: `http://127.0.0.1:${port}`, port, config, dataSource, services, engine, close };
}
