import { AttemptDurationAndIndexes1796527144521 } from "./1796527144521-attempt-duration-and-indexes";
import { LegacyGrafanaAutoResolve1795755605308 } from "./1795755605308-legacy-grafana-auto-resolve";
import { Initial1795755066713 } from "./1795755066713-initial";
/** Every migration, in order, as class references (no globs: the same list for dist/ and jest). */
export const MIGRATIONS: Function[] = [
  Initial1795755066713,
  LegacyGrafanaAutoResolve1795755605308,
  AttemptDurationAndIndexes1796527144521,
];
