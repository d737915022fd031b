// HTTPS_PROXY / HTTP_PROXY / NO_PROXY read from an env object. The one precedence rule lives in pick(): as in
// Python's urllib (OnCall's `requests`), the lower-case name wins when both are set, even when it is empty.
// DNS caveat: through a proxy the URL checks still run on our own resolution of the target, but the
// proxy is handed the host name (absolute-form request or CONNECT host:port) and resolves it again,
// so protection against DNS rebinding then rests on the proxy. Names, not pinned IPs, are sent so
// that proxies with domain allow-lists keep working.
import ipaddr from "ipaddr.js";
import type { AxiosProxyConfig } from "axios";

type Env = Record<string, string | undefined>;

interface NoProxyRule {
  host: string; // "" with cidr
  port?: string;
  cidr?: [ipaddr.IPv4 | ipaddr.IPv6, number];
  suffixOnly: boolean;
}

/** Every spelling the settings read; config.ts hands them over as given. */
export const PROXY_VARIABLES = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY"] as const;

/** Lower case first; a set but empty lower-case variable turns the setting off (urllib's second pass). */
function pick(env: Env, name: string): string | undefined {
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return v && v.trim() !== "" ? v.trim() : undefined;
}

function parseProxy(value: string | undefined, name: string): AxiosProxyConfig | undefined {
  if (!value) return undefined;
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new Error(`${name}: invalid proxy URL`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`${name}: only http:// and https:// proxies are supported`);
  const cfg: AxiosProxyConfig = {
    protocol: u.protocol.slice(0, -1),
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: Number(u.port || (u.protocol === "https:" ? 443 : 80)),
  };
  if (u.username) cfg.auth = { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
  return cfg;
}

function parseNoProxy(value: string | undefined): NoProxyRule[] | "all" {
  const rules: NoProxyRule[] = [];
  for (let entry of (value ?? "").toLowerCase().split(/[\s,]+/)) {
    if (!entry) continue;
    if (entry === "*") return "all";
    if (ipaddr.isValidCIDR(entry)) {
      rules.push({ host: "", cidr: ipaddr.parseCIDR(entry), suffixOnly: false });
      continue;
    }
    let port: string | undefined;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m) [entry, port] = [m[1], m[2]];
    entry = entry.replace(/^\[|\]$/g, "");
    const suffixOnly = entry.startsWith("*.") || entry.startsWith(".");
    rules.push({ host: entry.replace(/^\*?\./, ""), port, suffixOnly });
  }
  return rules;
}

export class ProxySettings {
  private readonly http?: AxiosProxyConfig;
  private readonly https?: AxiosProxyConfig;
  private readonly noProxy: NoProxyRule[] | "all";

  constructor(env: Env) {
    this.http = parseProxy(pick(env, "http_proxy"), "HTTP_PROXY");
    this.https = parseProxy(pick(env, "https_proxy"), "HTTPS_PROXY");
    this.noProxy = parseNoProxy(pick(env, "no_proxy"));
  }

  /** The proxy to use for `url`, or undefined to connect directly. */
  proxyFor(url: URL): AxiosProxyConfig | undefined {
    const proxy = url.protocol === "https:" ? this.https : this.http;
    if (!proxy || this.bypassed(url)) return undefined;
    return proxy;
  }

  private bypassed(url: URL): boolean {
    if (this.noProxy === "all") return true;
    const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
    const port = url.port || (url.protocol === "https:" ? "443" : "80");
    const ip = ipaddr.isValid(host) ? ipaddr.parse(host) : null;
    return this.noProxy.some((r) => {
      if (r.port && r.port !== port) return false;
      if (r.cidr) return !!ip && ip.kind() === r.cidr[0].kind() && ip.match(r.cidr);
      if (host === r.host) return !r.suffixOnly;
      return host.endsWith(`.${r.host}`);
    });
  }
}
