// Outgoing HTTP for webhooks: SSRF-safe sending, URL checks, retry classification.
export type { HttpPolicy, HttpMethod, OutgoingRequest, SendOutcome, TimedOutcome } from "./types";
export { HttpSender, USER_AGENT } from "./sender";
export { isRetryable, parseRetryAfter } from "./retry";
export { isAddressAllowed, parseCidrList, type AddressPolicy } from "./address-policy";
export { MSG_MALFORMED, MSG_SELF_REFERENCE, MSG_UNRESOLVABLE, MSG_NOT_SUPPORTED } from "./url-check";
export { pythonJsonDumps } from "./python-json";
