import { Alert } from "./alert.entity";
import { AlertGroup } from "./alert-group.entity";
import { ApiToken } from "./api-token.entity";
import { Delivery } from "./delivery.entity";
import { EscalationChain } from "./escalation-chain.entity";
import { EscalationPolicy } from "./escalation-policy.entity";
import { AlertGroupEvent } from "./event.entity";
import { Integration } from "./integration.entity";
import { Organization } from "./organization.entity";
import { PersonalNotificationWebhook } from "./personal-notification-webhook.entity";
import { ResponsesSnapshot } from "./responses-snapshot.entity";
import { Route } from "./route.entity";
import { Team } from "./team.entity";
import { User } from "./user.entity";
import { UserNotification } from "./user-notification.entity";
import { Webhook } from "./webhook.entity";
import { WebhookResponse } from "./webhook-response.entity";

export {
  Alert, AlertGroup, AlertGroupEvent, ApiToken, Delivery, EscalationChain, EscalationPolicy, Integration,
  Organization, PersonalNotificationWebhook, ResponsesSnapshot, Route, Team, User, UserNotification, Webhook, WebhookResponse,
};

export const ENTITIES = [
  Organization, Team, User, ApiToken, Integration, Route, EscalationChain, EscalationPolicy, AlertGroup, Alert,
  Webhook, ResponsesSnapshot, WebhookResponse, PersonalNotificationWebhook, UserNotification, AlertGroupEvent, Delivery,
];
