// Structured logs: pino, one JSON line per entry on stdout (LOG_FORMAT=pretty: pino-pretty for humans). The
// `Logger` interface stays small so call sites read `log.info("what happened", { fields })`; every message and
// field is masked here (log-masking.ts), and the fields of the current request (request id) are added here.
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream } from "pino";
import pinoPretty from "pino-pretty";
import { maskFields, maskText, secretList } from "./log-masking";

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = "json" | "pretty";

export interface LoggerOptions {
  format?: LogFormat;
  /** Values masked wherever they appear (SECRET_KEY, BOOTSTRAP_API_TOKEN, METRICS_TOKEN). */
  secrets?: readonly (string | null | undefined)[];
  /** Where lines go (tests); stdout by default. */
  destination?: DestinationStream | NodeJS.WritableStream;
}

/** Fields of the work in progress (an HTTP request) and secrets only it knows (its token, its inbound link). */
interface LogScope {
  fields: LogFields;
  secrets: string[];
}

const scope = new AsyncLocalStorage<LogScope>();

/** Runs `fn` so that every line logged in it, synchronously or later, carries `fields` and masks `secrets`. */
export function withLogScope<T>(fields: LogFields, secrets: readonly (string | null | undefined)[], fn: () => T): T {
  return scope.run({ fields, secrets: secretList(secrets) }, fn);
}

/** Runs `fn` outside any scope: work it starts (the delivery engine woken by a request) is not that request's. */
export function outsideLogScope<T>(fn: () => T): T {
  return scope.exit(fn);
}

export function createLogger(level: LogLevel = "info", options: LoggerOptions = {}): Logger {
  const base = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A copy: pino merges each line's fields into the object the mixin returns.
      mixin: () => ({ ...scope.getStore()?.fields }),
    },
    destinationOf(options),
  );
  const global = secretList(options.secrets ?? []);
  const write = (lvl: "debug" | "info" | "warn" | "error") => (message: string, fields?: LogFields) => {
    if (!base.isLevelEnabled(lvl)) return;
    const request = scope.getStore()?.secrets;
    const secrets = request?.length ? secretList([...request, ...global]) : global;
    base[lvl]((fields ? maskFields(fields, secrets) : {}) as object, maskText(message, secrets));
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** Synchronous writes: a line is out before the process exits, and the start-up line keeps its place on stdout. */
function destinationOf({ format, destination }: LoggerOptions): DestinationStream {
  if (format === "pretty") return pinoPretty({ destination: destination ?? 1, sync: true, ignore: "pid,hostname", translateTime: "SYS:yyyy-mm-dd HH:MM:ss.l" });
  return (destination as DestinationStream | undefined) ?? pino.destination({ dest: 1, sync: true });
}
