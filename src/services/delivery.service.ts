import type { ServiceContext } from "./context";
import type { Services } from "./index";

export class DeliveryService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly services: Services,
  ) {}
}
