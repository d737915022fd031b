import path from "node:path";
import { LOG_LEVELS, type LogFormat, type LogLevel } from "./logger";
import { PROXY_VARIABLES, ProxySettings } from "./http/proxy";

/** Every environment variable outhook reads, parsed once (spec README "How it runs"). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Set when the database is a SQLite file: the key file lives beside it. */
  sqliteFile: string | null;
  bootstrapApiToken: string | null;
  dangerousWebhooksEnabled: boolean;
  baseUrl: string;
  outgoingWebhookTimeoutMs: number;
  deliveryConcurrency: number;
  deliveryHostConcurrency: number;
  retryScheduleSeconds: number[];
  webhookAllowedCidrs: string[];
  secretKey: string | null;
  /** Proxy variables for webhook requests (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), in both cases. */
  proxyEnv: Record<string, string | undefined>;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** Attempt records, finished deliveries and events older than this are pruned (RETENTION_DAYS). */
  retentionMs: number;
  /** The newest this many attempt records and finished deliveries of each webhook are kept. */
  retentionMaxRecordsPerWebhook: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <it>`. */
  metricsToken: string | null;
  /** A webhook failing this long without a success is paused (WEBHOOK_PAUSE_AFTER_HOURS). */
  pauseAfterMs: number;
  /** …once at least this many of its deliveries ended failed in that time (WEBHOOK_PAUSE_MIN_FAILURES, rounded up). */
  pauseMinFailures: number;
}

export class ConfigError extends Error {}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name}: expected an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name}: expected a positive number, got "${raw}"`);
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${name}: expected one of ${allowed.join(", ")}, got "${env[name]}"`);
  return raw as T;
}

function list(raw: string | undefined): string[] {
  return (raw ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

export function sqliteFileOf(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith("sqlite:")) return null;
  const rest = databaseUrl.slice("sqlite:".length);
  if (rest === ":memory:") return null;
  return path.resolve(rest.replace(/^\/\/(?=\/)/, ""));
}

/** Both spellings as given: which one wins is decided once, in src/http/proxy.ts; a bad URL fails at start-up. */
function proxyEnvOf(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const proxyEnv = Object.fromEntries(PROXY_VARIABLES.map((name) => [name, env[name]]));
  try {
    new ProxySettings(proxyEnv);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return proxyEnv;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, "PORT", 8080, 0);
  const databaseUrl = env.DATABASE_URL?.trim() || "sqlite:./data/outhook.sqlite";
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL: expected sqlite:<file>, sqlite::memory: or postgres://…, got "${databaseUrl}"`);
  }
  const scheduleRaw = env.WEBHOOK_RETRY_SCHEDULE ?? "10,60,300,1800,7200";
  const retryScheduleSeconds = list(scheduleRaw).map(Number);
  if (retryScheduleSeconds.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new ConfigError(`WEBHOOK_RETRY_SCHEDULE: expected comma-separated seconds, got "${scheduleRaw}"`);
  }
  const baseUrl = (env.BASE_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, "");
  return Object.freeze({
    port,
    host: env.HOST?.trim() || "0.0.0.0",
    databaseUrl,
    sqliteFile: sqliteFileOf(databaseUrl),
    bootstrapApiToken: env.BOOTSTRAP_API_TOKEN || null,
    dangerousWebhooksEnabled: (env.DANGEROUS_WEBHOOKS_ENABLED ?? "").toLowerCase() === "true",
    baseUrl,
    outgoingWebhookTimeoutMs: positiveNumber(env, "OUTGOING_WEBHOOK_TIMEOUT", 4) * 1000,
    deliveryConcurrency: integer(env, "DELIVERY_CONCURRENCY", 50, 1),
    deliveryHostConcurrency: integer(env, "DELIVERY_HOST_CONCURRENCY", 20, 1),
    retryScheduleSeconds,
    webhookAllowedCidrs: list(env.WEBHOOK_ALLOWED_CIDRS),
    secretKey: env.SECRET_KEY || null,
    proxyEnv: proxyEnvOf(env),
    logLevel: oneOf(env, "LOG_LEVEL", LOG_LEVELS, "info"),
    logFormat: oneOf(env, "LOG_FORMAT", ["json", "pretty"] as const, "json"),
    retentionMs: positiveNumber(env, "RETENTION_DAYS", 30) * DAY_MS,
    retentionMaxRecordsPerWebhook: integer(env, "RETENTION_MAX_RECORDS_PER_WEBHOOK", 10_000, 1),
    metricsToken: env.METRICS_TOKEN || null,
    pauseAfterMs: positiveNumber(env, "WEBHOOK_PAUSE_AFTER_HOURS", 24) * HOUR_MS,
    // "At least 2.5 failures" is at least 3: fractions are accepted like the other durations, and rounded up.
    pauseMinFailures: Math.ceil(positiveNumber(env, "WEBHOOK_PAUSE_MIN_FAILURES", 10)),
  });
}

/** With PORT=0 the base URL is only known once the server listens. */
export function withListeningPort(config: Config, env: NodeJS.ProcessEnv, port: number): Config {
  if (env.BASE_URL?.trim()) return config;
  return Object.freeze({ ...config, port, baseUrl: `http://localhost:${port}` });
}
