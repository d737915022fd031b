import type { DataSource } from "typeorm";
import type { Config } from "./config";
import type { TemplateRenderer } from "./templating";
import type { Logger } from "./logger";

/**
 * What an inbound alert came to: it opened a group, joined one, resolved its group (a resolve signal), or the POST
 * was refused (4xx, counted once per POST) or failed (5xx).
 */
export type InboundAlertResult = "created" | "grouped" | "resolved" | "rejected" | "failed";

/** Facts services report for operators (metrics); quick and never throwing, they run on the request's path. */
export interface Observer {
  inboundAlert(integrationType: string, result: InboundAlertResult): void;
  /** `field`: the template that failed (`grouping_key`, `title`, `resolve_signal`, …); `kind` as templateFailureKind. */
  templateFailure(field: string, kind: string): void;
}

/** What services and the delivery engine are built from. Only the server wiring (server.ts) creates it. */
export interface AppContext {
  config: Config;
  dataSource: DataSource;
  log: Logger;
  renderer: TemplateRenderer;
  /** Tell the delivery engine that committed deliveries are waiting (call after the transaction). */
  wakeDelivery(): void;
  /** The server's metrics; absent in the CLI. */
  observer?: Observer;
}
