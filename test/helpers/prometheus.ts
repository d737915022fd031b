// Reads Prometheus' text exposition format as a scraper would: one sample per line, `name{labels} value`.
import type { AxiosInstance } from "axios";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (m[2] ?? "").matchAll(LABEL)) labels[key] = raw.replace(/\\(.)/g, (_s, c: string) => (c === "n" ? "\n" : c));
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

export class Scrape {
  constructor(
    readonly text: string,
    readonly samples: Sample[],
  ) {}

  /** The value of the sample with exactly these labels; 0 when the series does not exist yet. */
  value(name: string, labels: Record<string, string> = {}): number {
    const want = Object.entries(labels).sort().join("|");
    const found = this.samples.find((s) => s.name === name && Object.entries(s.labels).sort().join("|") === want);
    return found ? found.value : 0;
  }

  /** Sum over every series of a metric whose labels include these. */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((total, s) => total + s.value, 0);
  }

  series(name: string): Sample[] {
    return this.samples.filter((s) => s.name === name);
  }
}

/** GET /metrics with the given client; fails unless it answers 200 in the text format. */
export async function scrape(http: AxiosInstance, headers: Record<string, string> = {}): Promise<Scrape> {
  const res = await http.get("/metrics", { headers, responseType: "text", transformResponse: (d) => d });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${res.data}`);
  if (!String(res.headers["content-type"]).startsWith("text/plain; version=0.0.4")) throw new Error(`content-type ${res.headers["content-type"]}`);
  return new Scrape(res.data, parseExposition(res.data));
}
