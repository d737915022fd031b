// Shared shapes of the outgoing HTTP layer (other modules code against these).

export interface HttpPolicy {
  /** DANGEROUS_WEBHOOKS_ENABLED=true: private/loopback/... targets allowed (names still resolved once and pinned). */
  allowPrivate: boolean;
  /** WEBHOOK_ALLOWED_CIDRS: ranges allowed even when allowPrivate is false. */
  allowedCidrs: string[];
  /** BASE_URL; a URL containing it is refused as a self-reference. Empty disables the test. */
  baseUrl: string;
  /** OUTGOING_WEBHOOK_TIMEOUT in ms: total deadline of one send() (DNS, connect, every hop, body). */
  timeoutMs: number;
  /** Response size limit in bytes (default 50000). */
  maxResponseBytes?: number;
  /** Where HTTP(S)_PROXY / NO_PROXY are read from; defaults to process.env. */
  proxyEnv?: Record<string, string | undefined>;
  /** Name resolver returning every A and AAAA address (tests inject one; default dns.lookup all). */
  lookup?: (host: string) => Promise<string[]>;
  /** Extra trusted CA certificates (PEM) for https targets; tests and private CAs. */
  ca?: string;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE" | "OPTIONS" | "PATCH";

export interface OutgoingRequest {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body?: string | null;
  /** Standard Webhooks signing, done by send() when the request leaves (a request may wait in a lane first). */
  signing?: { secret: string; messageId: string };
}

export type SendOutcome =
  | { kind: "url_rejected"; message: string } // recorded as "URL - <message>"
  | { kind: "response"; status: number; content: string; retryAfterSeconds?: number }
  | { kind: "transport_error"; message: string; timeout: boolean; tls: boolean };

/** An outcome and how long the send took, from the first URL check to the last body byte (every hop included). */
export interface TimedOutcome {
  outcome: SendOutcome;
  durationMs: number;
}
