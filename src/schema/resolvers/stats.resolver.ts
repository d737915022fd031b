import { DateTimeISOResolver } from "graphql-scalars";
import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context";
import { DeliveryQueueObject, DeliveryStatsBucketObject } from "./stats.types";

/** A full scan of the range, however few fields are asked for: aliases pay for every copy (query-limits.ts). */
const STATS_COST = 500;

/** Delivery health for dashboards (outgoing-webhooks:read, like the webhooks). */
@Resolver()
export class StatsResolver {
  @Query(() => [DeliveryStatsBucketObject], { complexity: STATS_COST, description: "Attempt outcomes and latency per interval over [from, to); at most 1000 buckets" })
  deliveryStats(
    @Arg("from", () => DateTimeISOResolver) from: Date,
    @Arg("to", () => DateTimeISOResolver) to: Date,
    @Arg("intervalSeconds", () => Int) intervalSeconds: number,
    @Ctx() { actor, services }: GraphQLContext,
    @Arg("webhookId", () => ID, { nullable: true }) webhookId?: string | null,
    @Arg("integrationId", () => ID, { nullable: true }) integrationId?: string | null,
  ): Promise<DeliveryStatsBucketObject[]> {
    return services.deliveryHealth.stats(actor, {
      from, to, intervalSeconds, webhookId: webhookId ?? undefined, integrationId: integrationId ?? undefined,
    });
  }

  @Query(() => DeliveryQueueObject, { complexity: 50 })
  deliveryQueue(@Ctx() { actor, services }: GraphQLContext): Promise<DeliveryQueueObject> {
    return services.deliveryHealth.queue(actor);
  }
}
