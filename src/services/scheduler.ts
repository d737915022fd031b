import type { AppContext } from "../context";
import type { Services } from ".";

const TICK_MS = 500;

/**
 * Persisted timers, polled: silence expiry and escalation steps live in alert_group columns, so a restart
 * resumes them (checked once at start, then every TICK_MS).
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private tick: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async start(): Promise<void> {
    await this.runOnce();
    this.timer = setInterval(() => {
      this.tick = this.tick.then(() => this.runOnce());
    }, TICK_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.tick;
  }

  private async runOnce(): Promise<void> {
    const now = new Date();
    await this.services.alertGroups
      .expireSilences(now)
      .catch((error) => this.ctx.log.error("silence expiry failed; retried next tick", { error }));
    await this.services.inbound
      .runDeferredResolutions(now)
      .catch((error) => this.ctx.log.error("deferred auto-resolve failed; retried next tick", { error }));
    await this.services.escalation
      .runDueSteps(now)
      .catch((error) => this.ctx.log.error("escalation tick failed; retried next tick", { error }));
  }
}
