import type { Services } from "../services";
import type { Actor } from "../services/actor";

/** Per-request GraphQL context: the authenticated caller and the shared services. */
export interface GraphQLContext {
  actor: Actor;
  services: Services;
}
