import type { DataSource } from "typeorm";
import type { Config } from "../config";
import type { TemplateRenderer } from "../delivery/templating";
import type { Logger } from "../logger";

/** What every service is built from. Only main/server wiring creates it. */
export interface ServiceContext {
  config: Config;
  dataSource: DataSource;
  log: Logger;
  renderer: TemplateRenderer;
  /** Tell the delivery engine that committed deliveries are waiting (call after the transaction). */
  wakeDelivery(): void;
}
