import { AlertGroupService } from "./alert-group.service";
import { AuthService } from "./auth.service";
import type { AppContext } from "../context";
import { DeliveryHealthService } from "./delivery-health.service";
import { DeliveryHistoryService } from "./delivery-history.service";
import { DeliveryService } from "./delivery.service";
import { EscalationService } from "./escalation.service";
import { InboundService } from "./inbound.service";
import { IntegrationService } from "./integration.service";
import { TeamService } from "./team.service";
import { TokenService } from "./token.service";
import { UserService } from "./user.service";
import { WebhookService } from "./webhook.service";

/** Business rules, shared by GraphQL and REST. Hand-wired: no DI framework. */
export interface Services {
  auth: AuthService;
  webhooks: WebhookService;
  integrations: IntegrationService;
  alertGroups: AlertGroupService;
  inbound: InboundService;
  escalation: EscalationService;
  users: UserService;
  teams: TeamService;
  tokens: TokenService;
  deliveries: DeliveryService;
  deliveryHistory: DeliveryHistoryService;
  deliveryHealth: DeliveryHealthService;
}

export function createServices(ctx: AppContext): Services {
  const services = {} as Services;
  Object.assign(services, {
    auth: new AuthService(ctx.dataSource),
    webhooks: new WebhookService(ctx, services),
    integrations: new IntegrationService(ctx, services),
    alertGroups: new AlertGroupService(ctx, services),
    inbound: new InboundService(ctx, services),
    escalation: new EscalationService(ctx, services),
    users: new UserService(ctx, services),
    teams: new TeamService(ctx, services),
    tokens: new TokenService(ctx, services),
    deliveries: new DeliveryService(ctx, services),
    deliveryHistory: new DeliveryHistoryService(ctx, services),
    deliveryHealth: new DeliveryHealthService(ctx, services),
  });
  return services;
}
