// What each finished delivery turn came to, in the words operators count (metrics, README "Metrics"). Decided
// where the outcome is known, so nothing downstream parses record texts.
import type { FailureBeforeSend } from "../attempts/attempt";
import type { SendOutcome } from "../http";

export const ATTEMPT_OUTCOMES = ["success", "http_error", "connect_error", "timeout", "refused", "template_error", "skipped"] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface ObservedTurn {
  outcome: AttemptOutcome;
  /** The trigger the record stores (an id of schema/trigger-types.ts); null when the delivery's rows are gone. */
  trigger: number | null;
  /** Set for outcome `template_error`: which field failed and how. */
  template?: Extract<FailureBeforeSend, { kind: "template" }>;
}

/** A sent request: a response is success below 400, else http_error; no response is timeout or connect_error. */
export function outcomeOfSend(outcome: SendOutcome): AttemptOutcome {
  switch (outcome.kind) {
    case "response":
      return outcome.status < 400 ? "success" : "http_error";
    case "url_rejected":
      return "refused"; // a redirect to a URL §6 refuses
    case "transport_error":
      return outcome.timeout ? "timeout" : "connect_error";
  }
}

export function outcomeBeforeSend(cause: FailureBeforeSend): Pick<ObservedTurn, "outcome" | "template"> {
  return cause.kind === "template" ? { outcome: "template_error", template: cause } : { outcome: "refused" };
}
