import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { refuseNullCharacterArgs } from "./null-character-args";
import { AlertGroupResolver } from "./resolvers/alert-group.resolver";
import { DeliveryResolver } from "./resolvers/delivery.resolver";
import { EscalationResolver } from "./resolvers/escalation.resolver";
import { HealthResolver } from "./resolvers/health.resolver";
import { IntegrationResolver } from "./resolvers/integration.resolver";
import { StatsResolver } from "./resolvers/stats.resolver";
import { TokenResolver } from "./resolvers/token.resolver";
import { UserResolver } from "./resolvers/user.resolver";
import { WebhookResolver } from "./resolvers/webhook.resolver";

export function buildOuthookSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      HealthResolver, WebhookResolver, IntegrationResolver, AlertGroupResolver, EscalationResolver, UserResolver, TokenResolver,
      DeliveryResolver, StatsResolver,
    ],
    validate: false,
    validateFn: refuseNullCharacterArgs,
  });
}

/** The SDL committed as `schema.graphql`: sorted, so it only changes when the schema does (`npm run schema:print`). */
export async function printOuthookSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildOuthookSchema()))}\n`;
}
