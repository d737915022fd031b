import { isAddressAllowed, parseCidrList } from "../../src/http";

const strict = { allowPrivate: false, allowedCidrs: [] };

describe("isAddressAllowed (no exceptions)", () => {
  const refused: [string, string][] = [
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "this network"],
    ["10.1.2.3", "private"],
    ["100.64.0.1", "CGNAT low"],
    ["100.127.255.254", "CGNAT high"],
    ["100.100.100.200", "Alibaba metadata (CGNAT)"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback /8"],
    ["169.254.169.254", "metadata"],
    ["169.254.1.1", "link-local"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.0.0.8", "IETF 192.0.0.0/24"],
    ["192.0.0.170", "NAT64 discovery"],
    ["192.0.2.1", "TEST-NET-1"],
    ["192.88.99.1", "6to4 relay"],
    ["192.168.1.1", "private"],
    ["198.18.0.1", "benchmark"],
    ["198.19.255.255", "benchmark"],
    ["198.51.100.7", "TEST-NET-2"],
    ["203.0.113.9", "TEST-NET-3"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["::", "v6 unspecified"],
    ["::1", "v6 loopback"],
    ["[::1]", "bracketed loopback"],
    ["fe80::1", "v6 link-local"],
    ["fe80::1%eth0", "v6 link-local with zone"],
    ["fc00::1", "ULA"],
    ["fd12:3456::1", "ULA"],
    ["fd00:ec2::254", "AWS metadata v6"],
    ["fec0::1", "site-local"],
    ["ff02::1", "v6 multicast"],
    ["100::1", "discard"],
    ["::ffff:127.0.0.1", "v4-mapped loopback"],
    ["::ffff:7f00:1", "v4-mapped loopback (hex)"],
    ["::ffff:169.254.169.254", "v4-mapped metadata"],
    ["::ffff:10.0.0.1", "v4-mapped private"],
    ["::ffff:0:a00:1", "SIIT private"],
    ["64:ff9b::10.0.0.1", "NAT64 private"],
    ["64:ff9b::a9fe:a9fe", "NAT64 metadata"],
    ["2002:7f00:1::", "6to4 loopback"],
    ["2002:c0a8:101::1", "6to4 192.168.1.1"],
    ["2001::1", "Teredo"],
    ["2001:2::1", "v6 benchmark"],
    ["2001:db8::1", "v6 documentation"],
    ["3fff::1", "v6 documentation (RFC 9637)"],
    ["::127.0.0.1", "v4-compatible (deprecated)"],
    ["not-an-ip", "garbage"],
    ["", "empty"],
    ["256.1.1.1", "invalid v4"],
  ];
  test.each(refused)("refuses %s (%s)", (ip) => {
    expect(isAddressAllowed(ip, strict)).toBe(false);
  });

  const allowed: [string, string][] = [
    ["8.8.8.8", "public v4"],
    ["1.1.1.1", "public v4"],
    ["100.63.255.255", "just below CGNAT"],
    ["100.128.0.0", "just above CGNAT"],
    ["172.15.255.255", "just below 172.16/12"],
    ["172.32.0.0", "just above 172.16/12"],
    ["192.0.3.1", "just above TEST-NET-1"],
    ["223.255.255.255", "just below multicast"],
    ["2606:4700:4700::1111", "public v6"],
    ["2001:4860:4860::8888", "public v6 outside 2001::/23"],
    ["::ffff:8.8.8.8", "v4-mapped public"],
    ["64:ff9b::808:808", "NAT64 public"],
    ["2002:808:808::1", "6to4 public"],
  ];
  test.each(allowed)("allows %s (%s)", (ip) => {
    expect(isAddressAllowed(ip, strict)).toBe(true);
  });
});

describe("isAddressAllowed exceptions", () => {
  test("allowPrivate opens every valid address, never garbage", () => {
    const open = { allowPrivate: true, allowedCidrs: [] };
    for (const ip of ["127.0.0.1", "::1", "169.254.169.254", "fd00::1"]) expect(isAddressAllowed(ip, open)).toBe(true);
    expect(isAddressAllowed("nope", open)).toBe(false);
  });

  const cidrs = { allowPrivate: false, allowedCidrs: ["10.20.0.0/16", " fd00:1::/32 ", "192.168.5.5"] };
  test.each([
    ["10.20.3.4", true],
    ["10.21.0.1", false],
    ["::ffff:10.20.3.4", true], // same host as its IPv4
    ["fd00:1::5", true],
    ["fd00:2::5", false],
    ["192.168.5.5", true],
    ["192.168.5.6", false],
    ["127.0.0.1", false],
    ["8.8.8.8", true],
  ])("allowedCidrs: %s → %s", (ip, expected) => {
    expect(isAddressAllowed(ip, cidrs)).toBe(expected);
  });

  test("parseCidrList rejects junk and skips blanks", () => {
    expect(parseCidrList(["", " 10.0.0.0/8 "])).toHaveLength(1);
    expect(() => parseCidrList(["10.0.0.0/33"])).toThrow(/WEBHOOK_ALLOWED_CIDRS/);
    expect(() => parseCidrList(["example.com"])).toThrow(/invalid entry 'example.com'/);
  });
});
