import type { DataSource } from "typeorm";
import type { Config } from "./config";
import type { TemplateRenderer } from "./templating";
import type { Logger } from "./logger";

/** What services and the delivery engine are built from. Only the server wiring (server.ts) creates it. */
export interface AppContext {
  config: Config;
  dataSource: DataSource;
  log: Logger;
  renderer: TemplateRenderer;
  /** Tell the delivery engine that committed deliveries are waiting (call after the transaction). */
  wakeDelivery(): void;
}
