import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema, type PubSub } from "type-graphql";
import { refuseNullCharacterArgs } from "./null-character-args";
import { AlertGroupResolver } from "./resolvers/alert-group.resolver";
import { DeliveryResolver } from "./resolvers/delivery.resolver";
import { EscalationResolver } from "./resolvers/escalation.resolver";
import { HealthResolver } from "./resolvers/health.resolver";
import { IntegrationResolver } from "./resolvers/integration.resolver";
import { LiveResolver } from "./resolvers/live.resolver";
import { StatsResolver } from "./resolvers/stats.resolver";
import { TokenResolver } from "./resolvers/token.resolver";
import { UserResolver } from "./resolvers/user.resolver";
import { WebhookResolver } from "./resolvers/webhook.resolver";

/**
 * TypeGraphQL asks for a PubSub as soon as a schema has a subscription, even when, as ours, each brings its own
 * `subscribe` (the live feed, src/live/); this one is never used.
 */
const NO_PUBSUB: PubSub = {
  publish: () => {
    throw new Error("subscriptions publish through the live feed (src/live/)");
  },
  subscribe: () => {
    throw new Error("subscriptions subscribe through the live feed (src/live/)");
  },
};

export function buildOuthookSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      HealthResolver, WebhookResolver, IntegrationResolver, AlertGroupResolver, EscalationResolver, UserResolver, TokenResolver,
      DeliveryResolver, StatsResolver, LiveResolver,
    ],
    pubSub: NO_PUBSUB,
    validate: false,
    validateFn: refuseNullCharacterArgs,
  });
}

/** The SDL committed as `schema.graphql`: sorted, so it only changes when the schema does (`npm run schema:print`). */
export async function printOuthookSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildOuthookSchema()))}\n`;
}
