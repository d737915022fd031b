// What a scenario hands back: lines as it goes, and one summary row per measure for the table at the end.
import type { Receiver } from "./receiver";

export interface SummaryRow {
  measure: string;
  result: string;
  target: string;
  /** Whether the target was met (undefined: no target). */
  met?: boolean;
}

export interface ScenarioContext {
  receiver: Receiver;
  /** A scratch folder for SQLite files, removed after the run. */
  dir: string;
  say(line: string): void;
}

export const fixed = (n: number, digits = 0) => n.toFixed(digits);
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The round whose ratio is the median, and all ratios for the line. */
export function medianRound<T extends { ratio: number }>(rounds: T[]): T {
  const sorted = [...rounds].sort((a, b) => a.ratio - b.ratio);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export const ratios = (rounds: { ratio: number }[]) => rounds.map((r) => r.ratio.toFixed(2)).join(", ");
