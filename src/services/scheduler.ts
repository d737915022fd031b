import type { AppContext } from "../context";
import type { Services } from ".";
import { TickLoop } from "./tick-loop";

/** Pause between the end of one tick and the start of the next. */
const TICK_MS = 500;

/**
 * Persisted timers, polled: silence expiry and escalation steps live in alert_group columns, so a restart
 * resumes them (checked once at start, then TICK_MS after each tick has finished: a slow tick never piles up).
 */
export class Scheduler {
  private readonly loop: TickLoop;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {
    this.loop = new TickLoop(TICK_MS, () => this.runOnce(), (error) => this.ctx.log.error("scheduler tick failed; retried next tick", { error }));
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
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
