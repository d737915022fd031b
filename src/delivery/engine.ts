import type { ServiceContext } from "../services/context";

/** Claims due deliveries from the outbox and runs their attempts (filled in by the delivery engine work). */
export class DeliveryEngine {
  constructor(private readonly ctx: ServiceContext) {}
  get running(): boolean {
    return true;
  }
  async start(): Promise<void> {}
  wake(): void {}
  async stop(): Promise<void> {}
}
