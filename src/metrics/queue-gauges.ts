// Gauges of the shared delivery queue, read from the database at scrape time (so every instance on one PostgreSQL
// database reports the same queue). One statement per scrape serves all three: the deliveryQueue query.
import type { DeliveryQueue } from "../services/delivery-health.service";
import type { Metrics } from "./metrics";

export function registerQueueGauges(metrics: Metrics, readQueue: () => Promise<DeliveryQueue>): void {
  // The gauges are collected side by side in one scrape: they share the read in progress.
  let reading: Promise<DeliveryQueue> | null = null;
  const queue = () => (reading ??= readQueue().finally(() => (reading = null)));
  metrics.registerGauge({
    name: "outhook_deliveries_pending",
    help: "Deliveries waiting in the outbox, for a first attempt or a retry (all instances)",
    read: async () => {
      const q = await queue();
      return q.pending + q.retrying;
    },
  });
  metrics.registerGauge({
    name: "outhook_deliveries_in_flight",
    help: "Deliveries claimed by an instance and being attempted (all instances)",
    read: async () => (await queue()).inFlight,
  });
  metrics.registerGauge({
    name: "outhook_delivery_oldest_pending_age_seconds",
    help: "Age of the oldest delivery waiting for its first attempt; 0 when none waits",
    read: async () => (await queue()).oldestPendingAgeSeconds ?? 0,
  });
}
