// Where the live feed hears of committed attempts. SQLite: one process, so the engine's own commits. PostgreSQL:
// the NOTIFY each recording transaction sends, for the attempts of every instance on the database (this one's
// too, and only that way, so no subscriber hears an attempt twice).
import type { Config } from "../config";
import { ATTEMPT_NOTICE_CHANNEL, decodeNotices, noticesOf } from "../delivery/attempt-notices";
import type { DeliveryEngine } from "../delivery/engine";
import type { Logger } from "../logger";
import type { Services } from "../services";
import { DeliveryFeed } from "./delivery-feed";
import { PgNoticeListener } from "./pg-notice-listener";

export interface LiveDeliveries {
  feed: DeliveryFeed;
  /** Ends every subscription and stops listening. */
  close(): Promise<void>;
}

export async function startLiveDeliveries(deps: { config: Config; services: Services; engine: DeliveryEngine; log: Logger }): Promise<LiveDeliveries> {
  const { config, services, engine, log } = deps;
  const feed = new DeliveryFeed(services, log);
  if (config.databaseUrl.startsWith("sqlite:")) {
    const stopHearing = engine.onCommitted((group) => {
      if (feed.subscriberCount) feed.publish(noticesOf(group));
    });
    return {
      feed,
      close: async () => {
        stopHearing();
        await feed.close();
      },
    };
  }
  const listener = new PgNoticeListener(config.databaseUrl, ATTEMPT_NOTICE_CHANNEL, (payload) => feed.publish(decodeNotices(payload)), log);
  await listener.start();
  return {
    feed,
    close: async () => {
      await listener.close();
      await feed.close();
    },
  };
}
