import { RetentionIndexes1796532567430 } from "./1796532567430-retention-indexes";
import { ForeignKeys1796530603519 } from "./1796530603519-foreign-keys";
import { LegacyGrafanaAutoResolve1795755605308 } from "./1795755605308-legacy-grafana-auto-resolve";
import { Initial1795755066713 } from "./1795755066713-initial";
/** Every migration, in order, as class references (no globs: the same list for dist/ and jest). */
export const MIGRATIONS: Function[] = [
  Initial1795755066713,
  LegacyGrafanaAutoResolve1795755605308,
  ForeignKeys1796530603519,
  RetentionIndexes1796532567430,
];
