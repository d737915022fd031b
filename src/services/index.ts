import { AlertGroupService } from "./alert-group.service";
import { AuthService } from "./auth.service";
import type { AppContext } from "../context";
import { DeliveryService } from "./delivery.service";
import { EscalationService } from "./escalation.service";
import { InboundService } from "./inbound.service";
import { IntegrationService } from "./integration.service";
import { TeamService } from "./team.service";
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
  deliveries: DeliveryService;
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
    deliveries: new DeliveryService(ctx, services),
  });
  return services;
}
