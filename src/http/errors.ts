// Turns transport failures into a single-line, human-readable message plus the timeout/TLS flags.

const LABELS: Record<string, string> = {
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by peer",
  ECONNABORTED: "Connection aborted",
  EPIPE: "Connection closed while sending",
  ETIMEDOUT: "Connection timed out",
  EHOSTUNREACH: "Host unreachable",
  ENETUNREACH: "Network unreachable",
  ENOTFOUND: "Cannot resolve host",
  EAI_AGAIN: "Temporary DNS failure",
  ERR_INVALID_CHAR: "Invalid character in a request header",
  ERR_INVALID_HTTP_TOKEN: "Invalid request header name",
  ERR_HTTP_INVALID_HEADER_VALUE: "Invalid request header value",
  ERR_STREAM_PREMATURE_CLOSE: "Connection closed before the response was complete",
};

// Certificate and handshake failures: final, never retried (delivery.md §10).
const TLS_CODE = /CERT|SSL|TLS|^EPROTO$|^HOSTNAME_MISMATCH$/;

interface ErrorLike {
  code?: string;
  message?: string;
  cause?: unknown;
  errors?: unknown[];
}

/** The innermost error carrying a code (axios wraps Node's, happy eyeballs wraps in AggregateError). */
function root(err: unknown): ErrorLike {
  let e = (err ?? {}) as ErrorLike;
  for (let i = 0; i < 5; i++) {
    const next = (e.cause ?? e.errors?.[e.errors.length - 1]) as ErrorLike | undefined;
    if (!next || typeof next !== "object") break;
    e = next;
  }
  return e;
}

export function describeTransportError(err: unknown, host: string): { message: string; tls: boolean } {
  const outer = (err ?? {}) as ErrorLike;
  const inner = root(err);
  const code = inner.code ?? outer.code ?? "";
  const detail = (inner.message || outer.message || "")
    .replace(/\b[0-9A-F]{8,}:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):\S*/g, "$1") // OpenSSL's error-queue noise
    .replace(/\s+/g, " ")
    .trim();
  const tls = TLS_CODE.test(code) || /\b(SSL|TLS)\b|certificate/i.test(detail);
  const label = tls ? "TLS error" : code.startsWith("HPE_") ? "Invalid HTTP response" : (LABELS[code] ?? "Request failed");
  let message = `${label} (${host})`;
  if (detail && detail !== label) message += `: ${detail}`;
  if (code && !detail.includes(code)) message += ` [${code}]`;
  return { message, tls };
}
