import { Presets, SingleBar } from "cli-progress";

/** Where the importer says how far it got; a bar on a terminal, nothing otherwise (pipes, CI logs, tests). */
export interface Progress {
  start(total: number, label: string): void;
  tick(): void;
  stop(): void;
}

export const NO_PROGRESS: Progress = { start() {}, tick() {}, stop() {} };

/** A cli-progress bar on `stream` when it is a TTY; the report itself goes to stdout either way. */
export function progressOn(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return NO_PROGRESS;
  let bar: SingleBar | null = null;
  return {
    start(total, label) {
      bar?.stop();
      bar = new SingleBar({ stream, format: `${label.padEnd(16)} [{bar}] {value}/{total}`, clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
      bar.start(total, 0);
    },
    tick() {
      bar?.increment();
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
