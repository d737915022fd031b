import type { Command } from "commander";

export function registerDeliveries(program: Command): void {
  const deliveries = program.command("deliveries").description("work with deliveries");
  deliveries
    .command("retry")
    .description("queue failed deliveries again (each keeps its webhook-id); a running server sends them")
    .requiredOption("--failed-since <time>", "deliveries that failed at or after this: an age (90m, 2h, 3d) or an ISO 8601 date-time")
    .option("--webhook <id>", "only this webhook's deliveries (WH…)")
    .action((options: { failedSince: string; webhook?: string }) => (require("../retry-deliveries") as typeof import("../retry-deliveries")).retryFailedDeliveries(options));
}
