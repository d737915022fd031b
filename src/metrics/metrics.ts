// The server's Prometheus metrics (README "Metrics"). One registry per server, not prom-client's global one: tests
// run several servers in one process, and each must expose only its own counts. Counters count what this process
// did; gauges that describe the shared queue read the database when scraped.
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { InboundAlertResult, Observer } from "../context";
import type { Logger } from "../logger";
import { AttemptMetrics } from "./attempt-metrics";

export interface CollectedGauge {
  name: string;
  help: string;
  /** Read at every scrape; a failure is logged and exposed as NaN (the scrape itself still answers). */
  read(): Promise<number> | number;
}

export class Metrics implements Observer {
  readonly registry = new Registry();
  readonly attempts: AttemptMetrics;
  private readonly inboundAlerts: Counter<"integration_type" | "result">;
  private readonly httpRequests: Counter<"route" | "method" | "status">;
  private readonly templateFailures: Counter<"field" | "kind">;

  constructor(private readonly log: Logger) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.attempts = new AttemptMetrics(registers, (field, kind) => this.templateFailure(field, kind));
    this.inboundAlerts = new Counter({
      name: "outhook_inbound_alerts_total",
      help: "Alerts received on inbound links, by what they came to (a refused or failed POST counts once)",
      labelNames: ["integration_type", "result"],
      registers,
    });
    this.httpRequests = new Counter({
      name: "outhook_http_requests_total",
      help: "HTTP requests answered, by route template (never the raw path), method and status",
      labelNames: ["route", "method", "status"],
      registers,
    });
    this.templateFailures = new Counter({
      name: "outhook_template_failures_total",
      help: "Template renders that failed in deliveries and inbound alerts, by field and kind",
      labelNames: ["field", "kind"],
      registers,
    });
  }

  /**
   * A gauge computed when scraped: the queue gauges use it, and so can gauges other parts add at wiring time (e.g.
   * `outhook_webhooks_paused`), without this module knowing their queries.
   */
  registerGauge(gauge: CollectedGauge): void {
    const log = this.log;
    new Gauge({
      name: gauge.name,
      help: gauge.help,
      registers: [this.registry],
      async collect() {
        try {
          this.set(await gauge.read());
        } catch (error) {
          log.warn("metrics: a gauge could not be read; exposed as NaN", { gauge: gauge.name, error });
          this.set(Number.NaN);
        }
      },
    });
  }

  inboundAlert(integrationType: string, result: InboundAlertResult): void {
    this.inboundAlerts.inc({ integration_type: integrationType, result });
  }

  templateFailure(field: string, kind: string): void {
    this.templateFailures.inc({ field, kind });
  }

  /** `route`: the template that answered (request-log.ts), `unmatched` when none did. */
  httpRequest(route: string | null, method: string, status: number): void {
    this.httpRequests.inc({ route: route ?? "unmatched", method, status: String(status) });
  }

  /** The text exposition format (version 0.0.4). */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
