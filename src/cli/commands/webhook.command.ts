import type { Command } from "commander";

export function registerWebhook(program: Command): void {
  const webhook = program.command("webhook").description("work with one webhook");
  webhook
    .command("test")
    .description("send the webhook's request now, as a test send does (nothing is stored); print the request and the response")
    .argument("<id>", "the webhook's id (WH…)")
    .option("--alert-group <id>", "use this alert group's payload instead of a sample")
    .addHelpText("after", "\nExit status 0 when the receiver answered below 400, 1 otherwise.")
    .action((id: string, options: { alertGroup?: string }) => (require("../webhook-test") as typeof import("../webhook-test")).testWebhook(id, options));
}
