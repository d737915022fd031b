// BENCH_SCALE shrinks every count (the harness test runs at 0.01); figures are only meaningful at 1.
const raw = Number(process.env.BENCH_SCALE ?? "1");
export const SCALE = Number.isFinite(raw) && raw > 0 ? raw : 1;

export const scaled = (n: number, min = 1): number => Math.max(min, Math.round(n * SCALE));
