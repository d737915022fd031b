import { SingleBar } from "cli-progress";
import { MoreThanOrEqual, type FindOptionsWhere } from "typeorm";
import { DetailError } from "../errors";
import { Delivery, Webhook } from "../schema/entities";
import type { Actor } from "../services/actor";
import { CliError } from "./cli-error";
import { cliContext, withServices } from "./context";
import { operatorOf } from "./operator";
import { parseSince } from "./since";

/** `outhook deliveries retry`: the redeliver rule of the delivery service, one failed delivery at a time. */
export async function retryFailedDeliveries(options: { failedSince: string; webhook?: string }): Promise<void> {
  const since = parseSince(options.failedSince);
  if (!since) throw new CliError(`--failed-since: expected an age like 2h or 3d, or an ISO 8601 date-time, got "${options.failedSince}"`);
  const cli = cliContext();
  const { queued, skipped } = await withServices(cli, async (services, dataSource) => {
    const where: FindOptionsWhere<Delivery> = { status: "failed", finishedAt: MoreThanOrEqual(since) };
    if (options.webhook) {
      const webhook = await dataSource.getRepository(Webhook).findOneBy({ publicId: options.webhook });
      if (!webhook) throw new CliError(`no webhook ${options.webhook}`);
      where.webhookId = webhook.id;
    }
    const failed = await dataSource.getRepository(Delivery).find({ select: { id: true, publicId: true, organizationId: true }, where, order: { id: "ASC" } });
    const actors = new Map<number, Actor>();
    const bar = new SingleBar({ format: "re-queuing [{bar}] {value}/{total}", stream: process.stderr, hideCursor: true });
    bar.start(failed.length, 0);
    let queued = 0;
    let skipped = 0;
    try {
      for (const d of failed) {
        let actor = actors.get(d.organizationId);
        if (!actor) actors.set(d.organizationId, (actor = await operatorOf(dataSource, d.organizationId)));
        try {
          await services.deliveries.redeliver(actor, { deliveryId: d.publicId });
          queued += 1;
        } catch (error) {
          // Queued meanwhile by someone else (400), or its webhook was deleted (404): skipped, not an error.
          if (!(error instanceof DetailError) || (error.status !== 400 && error.status !== 404)) throw error;
          skipped += 1;
        }
        bar.increment();
      }
    } finally {
      bar.stop();
    }
    return { queued, skipped };
  });
  process.stdout.write(`queued ${queued} failed deliveries again${skipped ? `; skipped ${skipped} (queued meanwhile, or webhook deleted)` : ""}\n`);
}
