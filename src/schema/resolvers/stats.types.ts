import { DateTimeISOResolver } from "graphql-scalars";
import { Field, Float, Int, ObjectType } from "type-graphql";
import type { DeliveryQueue, DeliveryStatsBucket } from "../../services/delivery-health.service";

@ObjectType("DeliveryStatsBucket", { description: "[start, start + intervalSeconds), the last bucket ending at `to`" })
export class DeliveryStatsBucketObject implements DeliveryStatsBucket {
  @Field(() => DateTimeISOResolver) start!: Date;
  @Field(() => Int, { description: "Attempts recorded in the bucket: succeeded + failed" }) attempts!: number;
  @Field(() => Int, { description: "Attempts answered below 400" }) succeeded!: number;
  @Field(() => Int, { description: "Attempts that failed: error status, transport error or template/URL error" }) failed!: number;
  @Field(() => Int, { description: "Deliveries skipped in the bucket (no attempt: integration filter, trigger template, …); not among attempts" })
  skipped!: number;
  @Field(() => Float, { nullable: true, description: "Median duration of the attempts that sent a request (nearest rank)" })
  latencyP50Ms!: number | null;
  @Field(() => Float, { nullable: true, description: "95th percentile, likewise" }) latencyP95Ms!: number | null;
}

@ObjectType("DeliveryQueue", { description: "The organization's unfinished deliveries right now" })
export class DeliveryQueueObject implements DeliveryQueue {
  @Field(() => Int, { description: "Waiting for their first attempt" }) pending!: number;
  @Field(() => Int, { description: "Being attempted" }) inFlight!: number;
  @Field(() => Int, { description: "Waiting for a retry (or a redelivery)" }) retrying!: number;
  @Field(() => Float, { nullable: true, description: "Age of the oldest delivery waiting for its first attempt" })
  oldestPendingAgeSeconds!: number | null;
}
