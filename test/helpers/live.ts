import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { eventually } from "./fixtures";
import type { TestServer } from "./server";

/** A graphql-ws client of the server's /graphql, with `connection_init` payload `params` (no retries). */
export function liveClient(url: string, params: Record<string, unknown> | undefined, onClosed?: (event: { code: number; reason: string }) => void): Client {
  return createClient({
    url: `${url.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: params,
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => onClosed?.(event as { code: number; reason: string }) },
  });
}

/** What one subscription received: each `next` payload, the errors that ended it, whether it completed. */
export class Received {
  readonly results: any[] = [];
  error: unknown = null;
  completed = false;

  /** The `deliveryEvents` payloads received so far. */
  get events(): any[] {
    return this.results.filter((r) => r.data).map((r) => r.data.deliveryEvents);
  }

  async waitForEvents(count: number, timeoutMs = 15_000): Promise<any[]> {
    await eventually(async () => this.events.length >= count || this.error !== null, timeoutMs);
    if (this.events.length < count) throw new Error(`subscription ended: ${JSON.stringify(this.error)}`);
    return this.events;
  }

  async waitForEnd(timeoutMs = 10_000): Promise<void> {
    await eventually(async () => this.completed || this.error !== null, timeoutMs);
  }
}

export function subscribe(client: Client, query: string, variables?: Record<string, unknown>): { received: Received; stop(): void } {
  const received = new Received();
  const stop = client.subscribe(
    { query, variables },
    {
      next: (value) => void received.results.push(value),
      error: (error) => void (received.error = error),
      complete: () => void (received.completed = true),
    },
  );
  return { received, stop };
}

/** Resolves once the server's feed holds `count` subscribers (graphql-ws has no "subscribed" message). */
export async function feedHasSubscribers(t: TestServer, count: number): Promise<void> {
  await eventually(async () => t.server.live.feed.subscriberCount === count);
}

export const DELIVERY_EVENTS = `subscription($webhookId: ID) {
  deliveryEvents(webhookId: $webhookId) {
    outcome webhookId
    delivery { id status skipReason attemptCount webhookId alertGroupId }
    attempt { id attempt statusCode durationMs deliveryId webhookId triggerType content }
  }
}`;
