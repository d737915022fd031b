// Standard Webhooks signing (https://www.standardwebhooks.com/): HMAC-SHA256 over "id.timestamp.body".
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

/** A new secret: "whsec_" + base64 of 32 random bytes. */
export function generateSigningSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

function secretKey(secret: string): Buffer {
  const key = Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, "base64");
  if (key.length === 0) throw new Error("signing secret is empty or not base64");
  return key;
}

/** Headers for one attempt; msgId must stay the same across retries of one delivery. */
export function signatureHeaders(secret: string, msgId: string, timestamp: Date, body: string): Record<string, string> {
  const ts = Math.floor(timestamp.getTime() / 1000);
  const signature = createHmac("sha256", secretKey(secret)).update(`${msgId}.${ts}.${body}`, "utf8").digest("base64");
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(ts),
    "webhook-signature": `v1,${signature}`,
  };
}
