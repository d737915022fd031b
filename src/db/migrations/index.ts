import { SharedEventData1796620830667 } from "./1796620830667-shared-event-data";
import { DeliveryIndexLocality1796619871781 } from "./1796619871781-delivery-index-locality";
import { ResponsesSnapshot1796605303127 } from "./1796605303127-responses-snapshot";
import { WebhookPause1796578616113 } from "./1796578616113-webhook-pause";
import { AttemptDurationAndIndexes1796532662477 } from "./1796532662477-attempt-duration-and-indexes";
import { ForeignKeys1796530603519 } from "./1796530603519-foreign-keys";
import { LegacyGrafanaAutoResolve1795755605308 } from "./1795755605308-legacy-grafana-auto-resolve";
import { Initial1795755066713 } from "./1795755066713-initial";
/** Every migration, in order, as class references (no globs: the same list for dist/ and jest). */
export const MIGRATIONS: Function[] = [
  Initial1795755066713,
  LegacyGrafanaAutoResolve1795755605308,
  ForeignKeys1796530603519,
  AttemptDurationAndIndexes1796532662477,
  WebhookPause1796578616113,
  ResponsesSnapshot1796605303127,
  DeliveryIndexLocality1796619871781,
  SharedEventData1796620830667,
];
