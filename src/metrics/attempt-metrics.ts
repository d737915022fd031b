// Attempts counted once their records are committed (engine.onCommitted): a crash before the commit repeats the
// attempt, and it is counted when it is recorded. Labelled children are made once per (outcome, trigger), so an
// attempt costs a counter increment and a histogram observation, nothing more.
import { Counter, Histogram } from "prom-client";
import type { Registry } from "prom-client";
import { ATTEMPT_OUTCOMES, type AttemptOutcome } from "../delivery/attempt-outcome";
import type { Finished } from "../delivery/recorder";
import { TRIGGER_NAMES } from "../schema/trigger-types";

/** Attempt durations run from milliseconds to the total deadline (OUTGOING_WEBHOOK_TIMEOUT, 4 s by default). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30];

/** `alert group created` → `alert_group_created`; a delivery whose rows are gone → `unknown`. */
export function triggerLabel(trigger: number | null): string {
  const name = trigger === null ? undefined : TRIGGER_NAMES[trigger];
  return name ? name.replace(/ /g, "_") : "unknown";
}

export class AttemptMetrics {
  private readonly total: Counter<"outcome" | "trigger_type">;
  private readonly duration: Histogram;
  private readonly children = new Map<AttemptOutcome, Map<number | null, Counter.Internal>>();

  constructor(
    registers: Registry[],
    /** A delivery's template failed (outcome template_error): its field and kind, counted with inbound ones. */
    private readonly onTemplateFailure: (field: string, kind: string) => void,
  ) {
    this.total = new Counter({
      name: "outhook_delivery_attempts_total",
      help: "Delivery attempts recorded by this process, by outcome and trigger type (skipped deliveries count as outcome skipped)",
      labelNames: ["outcome", "trigger_type"],
      registers,
    });
    this.duration = new Histogram({
      name: "outhook_delivery_attempt_duration_seconds",
      help: "Duration of the attempts that sent a request, from the first URL check to the last response byte",
      buckets: DURATION_BUCKETS,
      registers,
    });
    for (const outcome of ATTEMPT_OUTCOMES) this.children.set(outcome, new Map());
  }

  /** The engine's committed listener: runs on the delivery path, so it only increments. */
  readonly countCommitted = (committed: readonly Finished[]): void => {
    for (const entry of committed) {
      const observed = entry.observed;
      if (!observed) continue; // an internal failure: no attempt was made
      this.child(observed.outcome, observed.trigger).inc();
      if (observed.template) this.onTemplateFailure(observed.template.field, observed.template.failure);
      const ms = entry.record?.draft.durationMs;
      if (ms !== null && ms !== undefined && entry.sent) this.duration.observe(ms / 1000);
    }
  };

  private child(outcome: AttemptOutcome, trigger: number | null): Counter.Internal {
    const byTrigger = this.children.get(outcome)!;
    let child = byTrigger.get(trigger);
    if (!child) byTrigger.set(trigger, (child = this.total.labels({ outcome, trigger_type: triggerLabel(trigger) })));
    return child;
  }
}
