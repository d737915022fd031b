// One dedicated PostgreSQL connection per instance LISTENs on the attempts channel: NOTIFY reaches every
// listening session, so each instance hears the attempts of all of them (its own included) exactly once.
import { Client } from "pg";
import type { Logger } from "../logger";

/** Reconnecting after the connection dropped: first after this, doubling up to RECONNECT_MAX_MS. */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

export class PgNoticeListener {
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
    private readonly log: Logger,
  ) {}

  /** Resolves once the first LISTEN is in place (a failure here fails the start, as the database would). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    // Attached before connecting: a connection that drops later must not crash the process.
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, null));
    client.on("notification", (message) => {
      if (message.channel === this.channel && message.payload) this.onPayload(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.failures) this.log.info("live deliveries: listening again", { channel: this.channel });
    this.failures = 0;
  }

  /** Attempts committed while no connection listens are not heard: their subscribers miss them (README). */
  private lost(client: Client, error: Error | null): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    this.log.warn("live deliveries: the LISTEN connection was lost; reconnecting", { error });
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** this.failures);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().catch((error) => {
        this.log.warn("live deliveries: reconnecting the LISTEN connection failed; retrying", { error });
        this.scheduleReconnect();
      });
    }, delay);
  }
}
