// Concurrency for outgoing requests: one global limit (DELIVERY_CONCURRENCY) and one lane per destination
// host (DELIVERY_HOST_CONCURRENCY), so one slow receiver cannot take every slot.
import PQueue from "p-queue";

interface HostLane {
  queue: PQueue;
  /** Webhook ids of tasks waiting (not yet started) in this lane, with their counts. */
  waitingWebhooks: Map<number, number>;
}

export class Lanes {
  private readonly global: PQueue;
  private readonly hosts = new Map<string, HostLane>();

  constructor(
    concurrency: number,
    private readonly hostConcurrency: number,
  ) {
    this.global = new PQueue({ concurrency });
  }

  /**
   * Runs `task` once its host has a free slot and then a global slot is free. The host lane is entered first:
   * a task waiting for a busy host must not hold one of the global slots meanwhile.
   */
  run<T>(host: string, webhookId: number, task: () => Promise<T>): Promise<T> {
    const lane = this.laneOf(host);
    lane.waitingWebhooks.set(webhookId, (lane.waitingWebhooks.get(webhookId) ?? 0) + 1);
    return lane.queue.add(
      () => {
        const left = (lane.waitingWebhooks.get(webhookId) ?? 1) - 1;
        if (left > 0) lane.waitingWebhooks.set(webhookId, left);
        else lane.waitingWebhooks.delete(webhookId);
        return this.global.add(task);
      },
    );
  }

  /**
   * Webhooks with work queued behind a host lane that is already full: claiming more of their deliveries
   * would only fill memory while other hosts have free slots.
   */
  backloggedWebhooks(): number[] {
    const ids: number[] = [];
    for (const lane of this.hosts.values()) {
      if (lane.queue.size >= this.hostConcurrency) ids.push(...lane.waitingWebhooks.keys());
    }
    return ids;
  }

  /** Tasks waiting behind full host lanes (they do not count against the claim budget). */
  backloggedCount(): number {
    let n = 0;
    for (const lane of this.hosts.values()) if (lane.queue.size >= this.hostConcurrency) n += lane.queue.size;
    return n;
  }

  async onIdle(): Promise<void> {
    await Promise.all([...this.hosts.values()].map((l) => l.queue.onIdle()));
    await this.global.onIdle();
  }

  private laneOf(host: string): HostLane {
    let lane = this.hosts.get(host);
    if (!lane) {
      const created: HostLane = { queue: new PQueue({ concurrency: this.hostConcurrency }), waitingWebhooks: new Map() };
      // Idle lanes are dropped so a stream of distinct hosts does not grow the map for ever.
      created.queue.on("idle", () => {
        if (this.hosts.get(host) === created && created.queue.size === 0 && created.queue.pending === 0) this.hosts.delete(host);
      });
      this.hosts.set(host, created);
      lane = created;
    }
    return lane;
  }
}
