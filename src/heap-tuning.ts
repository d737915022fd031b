// V8 heap tuning for the server process, applied by main.ts before anything big is allocated (outhook runs as
// plain `node dist/src/main.js`, so command-line flags are no option). By default V8 lets the old generation grow
// to 2–4× what survived the last full GC: a delivery backlog peaked at ~250 MB RSS over a ~40 MB live heap.
// The growing factor, unlike the size limits, is read at every GC, so setting it at run time works;
// 20% kept the peak near 160 MB at the same throughput (bench/run.ts).
import v8 from "node:v8";

const FLAG = "--heap-growing-percent";
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].some((a) => a.replace(/_/g, "-").startsWith(FLAG));
if (!given) v8.setFlagsFromString(`${FLAG}=20`); // an operator's own setting wins
