// Keep-alive agents whose DNS lookup can only return the addresses that were checked,
// so the connection goes where the URL check looked (no second resolution, no rebinding).
import http from "node:http";
import https from "node:https";
import { isIPv6, type LookupFunction } from "node:net";

type Agent = http.Agent | https.Agent;

const MAX_AGENTS = 256;
const IDLE_SOCKET_MS = 15_000; // free keep-alive sockets close after this (Node destroys idle free sockets on timeout)

function pinnedLookup(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 }));
  // Ignores the hostname asked for on purpose: only checked addresses are ever returned.
  return ((_host: string, options: { all?: boolean; family?: number | string }, cb: (...args: unknown[]) => void) => {
    const fam = options.family === 6 || options.family === "IPv6" ? 6 : options.family === 4 || options.family === "IPv4" ? 4 : 0;
    const usable = fam ? entries.filter((e) => e.family === fam) : entries;
    const list = usable.length ? usable : entries;
    if (options.all) cb(null, list);
    else cb(null, list[0].address, list[0].family);
  }) as unknown as LookupFunction;
}

/** Agents cached per (scheme, host, address set) so pinning keeps keep-alive. */
export class AgentPool {
  private readonly pinned = new Map<string, Agent>();
  private readonly plain: { http: http.Agent; https: https.Agent };

  constructor(private readonly ca?: string) {
    this.plain = {
      http: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
      https: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS, ca }),
    };
  }

  /** Agent connecting `hostname` only to `addresses`. */
  pinnedFor(protocol: string, hostname: string, addresses: string[]): Agent {
    const key = `${protocol}//${hostname}|${addresses.join(",")}`;
    let agent = this.pinned.get(key);
    if (agent) {
      this.pinned.delete(key); // LRU: move to the end
    } else {
      const opts = { keepAlive: true, timeout: IDLE_SOCKET_MS, lookup: pinnedLookup(addresses) };
      agent = protocol === "https:" ? new https.Agent({ ...opts, ca: this.ca }) : new http.Agent(opts);
      if (this.pinned.size >= MAX_AGENTS) {
        // Not destroyed: requests may still be in flight; idle sockets time out and the agent is collected.
        const oldest = this.pinned.keys().next().value as string;
        this.pinned.delete(oldest);
      }
    }
    this.pinned.set(key, agent);
    return agent;
  }

  /** Unpinned agents for talking to a proxy (the proxy address is operator configuration). */
  forProxy(): { http: http.Agent; https: https.Agent } {
    return this.plain;
  }

  close(): void {
    for (const a of this.pinned.values()) a.destroy();
    this.pinned.clear();
    this.plain.http.destroy();
    this.plain.https.destroy();
  }
}
