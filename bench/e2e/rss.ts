// Peak RSS of a process, sampled from /proc/<pid>/status every 100 ms while a phase runs.
import { rssOf } from "../child";

export class RssSampler {
  peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }

  private sample(): void {
    try {
      this.peak = Math.max(this.peak, rssOf(this.pid));
    } catch {
      // the process has exited; the bench notices elsewhere
    }
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}
