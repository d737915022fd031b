import type { Config } from "../config";
import type { HttpPolicy } from ".";

/** The outgoing-request policy from config (README: DANGEROUS_WEBHOOKS_ENABLED, WEBHOOK_ALLOWED_CIDRS, BASE_URL, …). */
export function senderPolicy(config: Config): HttpPolicy {
  return {
    allowPrivate: config.dangerousWebhooksEnabled,
    allowedCidrs: config.webhookAllowedCidrs,
    baseUrl: config.baseUrl,
    timeoutMs: config.outgoingWebhookTimeoutMs,
    proxyEnv: config.proxyEnv,
  };
}
