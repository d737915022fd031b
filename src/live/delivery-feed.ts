// The live feed behind `subscription { deliveryEvents }`: notices of committed attempts come in (from this
// instance's engine on SQLite, from PostgreSQL's LISTEN otherwise), are loaded once per batch and organization,
// and go to each subscriber of that organization (and webhook, if it asked for one).
import type { AttemptNotice, NoticeOutcome } from "../delivery/attempt-notices";
import type { Logger } from "../logger";
import type { Services } from "../services";
import type { Actor } from "../services/actor";
import type { AttemptView, DeliveryView } from "../services/deliveries/views";
import { SubscriberQueue } from "./subscriber-queue";

export interface LiveDeliveryEvent {
  outcome: NoticeOutcome;
  /** The delivery as read when the event was published. */
  delivery: DeliveryView;
  /** The attempt's record; null for a skip. */
  attempt: AttemptView | null;
}

/** Events one subscriber may have waiting before it is ended as too slow. */
export const SUBSCRIBER_BUFFER = 1_000;
/** Notices heard and not yet loaded: beyond this the database cannot keep up, and every subscriber is ended. */
const MAX_PENDING_NOTICES = 20_000;
/** Notices loaded per round of queries. */
const LOAD_BATCH = 500;

interface Subscriber {
  actor: Actor;
  organizationId: number;
  webhookRowId: number | null;
  queue: SubscriberQueue<LiveDeliveryEvent>;
}

export class DeliveryFeed {
  private readonly subscribers = new Set<Subscriber>();
  private pending: AttemptNotice[] = [];
  private draining: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly services: Services,
    private readonly log: Logger,
  ) {}

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Checks the actor may watch (and the webhook, if given), then returns the subscriber's event stream. */
  async subscribe(actor: Actor, webhookId?: string | null): Promise<AsyncIterableIterator<LiveDeliveryEvent>> {
    const scope = await this.services.deliveryHistory.watchScope(actor, webhookId);
    const subscriber: Subscriber = {
      actor,
      ...scope,
      queue: new SubscriberQueue<LiveDeliveryEvent>(
        SUBSCRIBER_BUFFER,
        () => new Error(`Too slow: more than ${SUBSCRIBER_BUFFER} delivery events waited to be sent; subscribe again and read what was missed with \`attempts\``),
        () => this.subscribers.delete(subscriber),
      ),
    };
    if (this.closed) subscriber.queue.end();
    else this.subscribers.add(subscriber);
    return subscriber.queue;
  }

  /** Notices of committed attempts. Quick: only what some subscriber watches is kept, and loading runs apart. */
  publish(notices: readonly AttemptNotice[]): void {
    if (this.subscribers.size === 0) return;
    const watched = notices.filter((n) => this.watchersOf(n).length > 0);
    if (watched.length === 0) return;
    this.pending.push(...watched);
    if (this.pending.length > MAX_PENDING_NOTICES) {
      this.log.warn("live deliveries: attempts arrive faster than they can be loaded; subscriptions ended", { count: this.pending.length });
      this.pending = [];
      for (const s of [...this.subscribers]) s.queue.fail(new Error("The live feed fell behind the deliveries; subscribe again"));
      return;
    }
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  /** Ends every subscription (server stop); their clients get `complete`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const s of [...this.subscribers]) s.queue.end();
    this.pending = [];
    await this.draining;
  }

  private watchersOf(n: AttemptNotice): Subscriber[] {
    return [...this.subscribers].filter((s) => s.organizationId === n.organizationId && (s.webhookRowId === null || s.webhookRowId === n.webhookId));
  }

  /** One batch at a time, so each subscriber gets events in the order their attempts were committed. */
  private async drain(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, LOAD_BATCH);
      try {
        await this.deliver(batch);
      } catch (error) {
        this.log.error("live deliveries: loading recorded attempts failed; subscribers miss them", { error, count: batch.length });
      }
    }
  }

  private async deliver(batch: AttemptNotice[]): Promise<void> {
    const byOrganization = new Map<number, AttemptNotice[]>();
    for (const n of batch) byOrganization.set(n.organizationId, [...(byOrganization.get(n.organizationId) ?? []), n]);
    for (const [organizationId, notices] of byOrganization) {
      // Any subscriber of the organization can load for all of them: each passed the same permission check.
      const reader = [...this.subscribers].find((s) => s.organizationId === organizationId);
      if (!reader) continue;
      const outcomes = await this.services.deliveryHistory.recordedOutcomes(reader.actor, notices);
      notices.forEach((notice, i) => {
        const found = outcomes[i];
        if (!found) return;
        const event: LiveDeliveryEvent = { outcome: notice.outcome, ...found };
        for (const s of this.watchersOf(notice)) s.queue.push(event);
      });
    }
  }
}
