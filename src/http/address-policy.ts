// Which IP addresses a webhook may connect to (pure; no I/O).
import ipaddr from "ipaddr.js";

type IP = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [IP, number];

export interface AddressPolicy {
  allowPrivate: boolean;
  allowedCidrs: string[];
}

const v4 = (c: string): Cidr => ipaddr.IPv4.parseCIDR(c);
const v6 = (c: string): Cidr => ipaddr.IPv6.parseCIDR(c);

// IPv4 ranges that are not publicly routable unicast (IANA special-purpose registry, conservative).
const DENY_V4: Cidr[] = [
  "0.0.0.0/8", // "this network", unspecified
  "10.0.0.0/8",
  "100.64.0.0/10", // CGNAT (also cloud metadata such as 100.100.100.200)
  "127.0.0.0/8",
  "169.254.0.0/16", // link-local, 169.254.169.254 metadata
  "172.16.0.0/12",
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // TEST-NET-1
  "192.88.99.0/24", // deprecated 6to4 relay anycast
  "192.168.0.0/16",
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // TEST-NET-2
  "203.0.113.0/24", // TEST-NET-3
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, includes 255.255.255.255 broadcast
].map(v4);

// Only 2000::/3 is global unicast; everything else (::, ::1, ULA fc00::/7 incl. fd00:ec2::254,
// fe80::/10, fec0::/10, ff00::/8, 100::/64 discard, 5f00::/16 ...) is refused.
const GLOBAL_V6 = v6("2000::/3");
const DENY_V6: Cidr[] = [
  "2001::/23", // IETF protocol assignments: Teredo, benchmarking, ORCHID, ...
  "2001:db8::/32", // documentation
  "3fff::/20", // documentation (RFC 9637)
].map(v6);

// IPv6 forms that carry an IPv4 address we must judge instead (last 32 bits unless noted).
const MAPPED = v6("::ffff:0:0/96");
const SIIT = v6("::ffff:0:0:0/96");
const NAT64 = v6("64:ff9b::/96");
const SIX_TO_FOUR = v6("2002::/16"); // IPv4 in bits 16..47

function parse(ip: string): IP | null {
  try {
    return ipaddr.parse(ip.replace(/^\[|\]$/g, ""));
  } catch {
    return null;
  }
}

function embeddedV4(a: ipaddr.IPv6): ipaddr.IPv4 | null {
  const b = a.toByteArray();
  if (a.match(MAPPED) || a.match(SIIT) || a.match(NAT64)) return new ipaddr.IPv4(b.slice(12, 16));
  if (a.match(SIX_TO_FOUR)) return new ipaddr.IPv4(b.slice(2, 6));
  return null;
}

function isPublic(a: IP): boolean {
  if (a.kind() === "ipv4") return !DENY_V4.some((c) => a.match(c));
  const six = a as ipaddr.IPv6;
  const inner = embeddedV4(six);
  if (inner) return isPublic(inner);
  return six.match(GLOBAL_V6) && !DENY_V6.some((c) => six.match(c));
}

/** Parses WEBHOOK_ALLOWED_CIDRS entries ("10.0.0.0/8", "fd00::/8", or a bare address); throws on junk. */
export function parseCidrList(list: string[]): Cidr[] {
  return list
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      try {
        if (s.includes("/")) return ipaddr.parseCIDR(s) as Cidr;
        const a = ipaddr.parse(s);
        return [a, a.kind() === "ipv4" ? 32 : 128] as Cidr;
      } catch {
        throw new Error(`WEBHOOK_ALLOWED_CIDRS: invalid entry '${s}'`);
      }
    });
}

const cidrCache = new Map<string, Cidr[]>();
function cidrsOf(list: string[]): Cidr[] {
  const key = list.join(",");
  let parsed = cidrCache.get(key);
  if (!parsed) {
    parsed = parseCidrList(list);
    if (cidrCache.size > 64) cidrCache.clear();
    cidrCache.set(key, parsed);
  }
  return parsed;
}

function inAllowed(a: IP, cidrs: Cidr[]): boolean {
  // An IPv4-mapped address is the same host as its IPv4 on a dual-stack socket.
  const forms: IP[] = [a];
  if (a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress()) forms.push((a as ipaddr.IPv6).toIPv4Address());
  return forms.some((f) => cidrs.some(([net, bits]) => net.kind() === f.kind() && f.match(net, bits)));
}

/** True when `ip` may be contacted under `policy`; unparsable input is never allowed. */
export function isAddressAllowed(ip: string, policy: AddressPolicy): boolean {
  const a = parse(ip);
  if (!a) return false;
  if (policy.allowPrivate) return true;
  return isPublic(a) || inAllowed(a, cidrsOf(policy.allowedCidrs));
}
