const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `--failed-since`: an ISO 8601 date or date-time (`2026-12-01`, `2026-12-01T08:00:00Z`), or an age (`90m`, `2h`, `3d`). */
export function parseSince(text: string, now = new Date()): Date | null {
  const age = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(text);
  if (age) return new Date(now.getTime() - Number(age[1]) * UNIT_MS[age[2].toLowerCase()]);
  if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(text.trim())) return null;
  const at = new Date(text.trim());
  return Number.isNaN(at.getTime()) ? null : at;
}
