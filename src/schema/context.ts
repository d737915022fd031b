import type { DeliveryFeed } from "../live/delivery-feed";
import type { Services } from "../services";
import type { Actor } from "../services/actor";
import type { Loaders } from "./loaders";

/** Per-request GraphQL context: the authenticated caller, the shared services and this request's batch loaders. */
export interface GraphQLContext {
  actor: Actor;
  services: Services;
  loaders: Loaders;
  /** The live feed: only on WebSocket connections (subscriptions). */
  live?: DeliveryFeed;
}
