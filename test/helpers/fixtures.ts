import fs from "node:fs";
import path from "node:path";

/** Copies of the spec's payload fixtures and template vectors (see test/fixtures/README.md). */
export const FIXTURES_DIR = path.resolve(__dirname, "../fixtures");

export function readFixture<T = any>(relative: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, relative), "utf8"));
}

export function readFixtureText(relative: string): string {
  return fs.readFileSync(path.join(FIXTURES_DIR, relative), "utf8");
}

/** Polls `probe` until it returns a truthy value (inbound processing and deliveries complete just after the response). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
