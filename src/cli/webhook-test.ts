import { Webhook } from "../schema/entities";
import type { TestSendResult } from "../services/deliveries/test-send";
import { CliError } from "./cli-error";
import { cliContext, withServices } from "./context";
import { operatorOf } from "./operator";

/** `outhook webhook test <id>`: the test-send service, as the organization's operator; prints request and response. */
export async function testWebhook(id: string, options: { alertGroup?: string }): Promise<void> {
  const { method, result } = await withServices(cliContext(), async (services, dataSource) => {
    const row = await dataSource.getRepository(Webhook).findOneBy({ publicId: id });
    if (!row || row.deletedAt) throw new CliError(`no webhook ${id}`);
    const actor = await operatorOf(dataSource, row.organizationId);
    return { method: row.httpMethod, result: await services.deliveries.sendTest(actor, id, options.alertGroup ?? null) };
  });
  process.stdout.write(describe(method, result));
  if (!(result.statusCode !== null && result.statusCode < 400)) process.exitCode = 1;
}

function describe(method: string, r: TestSendResult): string {
  if (!r.triggered) return `not sent: ${r.skipReason}\n`;
  const lines = ["request:", `  ${method} ${r.url ?? "(no URL)"}`, `  headers: ${r.requestHeaders ?? "{}"}`];
  if (r.requestTrigger) lines.push(`  trigger: ${r.requestTrigger}`);
  lines.push(`  body: ${r.requestData ?? ""}`, "response:");
  if (r.statusCode === null) lines.push(`  no response: ${r.content ?? ""}`);
  else lines.push(`  status: ${r.statusCode}`, `  body: ${r.content ?? ""}`);
  return lines.join("\n") + "\n";
}
