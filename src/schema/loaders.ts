import type { Services } from "../services";
import type { Actor } from "../services/actor";
import type { AlertGroupView } from "../services/alert-group.service";
import type { AttemptView, DeliveryView } from "../services/deliveries/views";
import type { IntegrationView } from "../services/integration.service";
import type { BindingView } from "../services/user.service";
import type { WebhookView } from "../services/webhooks/view";
import type { Team, User } from "./entities";
import { BatchLoader } from "./batch-loader";

/** One query per kind of nested object and per list level, whatever the page size (no N+1). Per request. */
export interface Loaders {
  webhook: BatchLoader<number, WebhookView | null>;
  alertGroup: BatchLoader<number, AlertGroupView | null>;
  integration: BatchLoader<number, IntegrationView | null>;
  team: BatchLoader<number, Team | null>;
  user: BatchLoader<number, User | null>;
  delivery: BatchLoader<number, DeliveryView | null>;
  attemptsOfDelivery: BatchLoader<number, AttemptView[]>;
  lastAttemptOfWebhook: BatchLoader<number, AttemptView | null>;
  personalNotificationWebhook: BatchLoader<User, BindingView | null>;
}

export function createLoaders(actor: Actor, services: Services): Loaders {
  /** A loader over a batch method answering a map keyed by internal id. */
  const byId = <V>(load: (keys: number[]) => Promise<Map<number, V>>) =>
    new BatchLoader<number, V | null>(async (keys) => {
      const found = await load(keys);
      return keys.map((key) => found.get(key) ?? null);
    });
  return {
    webhook: byId((ids) => services.webhooks.byIds(actor, ids)),
    alertGroup: byId((ids) => services.alertGroups.byIds(actor, ids)),
    integration: byId((ids) => services.integrations.byIds(actor, ids)),
    team: byId((ids) => services.teams.byIds(actor, ids)),
    user: byId((ids) => services.users.byIds(actor, ids)),
    delivery: byId((ids) => services.deliveryHistory.deliveriesByIds(actor, ids)),
    attemptsOfDelivery: new BatchLoader(async (ids) => {
      const found = await services.deliveryHistory.attemptsOf(actor, ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    lastAttemptOfWebhook: byId((ids) => services.deliveryHistory.lastAttempts(actor, ids)),
    personalNotificationWebhook: new BatchLoader(async (users) => {
      const found = await services.users.personalNotificationWebhooks(actor, users);
      return users.map((user) => found.get(user.id) ?? null);
    }),
  };
}
