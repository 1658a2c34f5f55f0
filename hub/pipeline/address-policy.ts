/**
 * Which network addresses the fetcher may connect to. An operator supplies URLs; without this the
 * hub could be pointed at its own loopback, the cloud metadata service (169.254.169.254) or the
 * agency's internal network (SSRF). Ranges are the IANA special-purpose registries
 * (RFC 6890 and its updates) for IPv4 and IPv6.
 */
import { BlockList, isIP } from 'node:net';

const NON_PUBLIC_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT, RFC 6598
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];

const NON_PUBLIC_V6: [string, number][] = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID …)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address the hub cannot vet
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // SRv6 SIDs
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const nonPublic = new BlockList();
for (const [net, bits] of NON_PUBLIC_V4) nonPublic.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of NON_PUBLIC_V6) nonPublic.addSubnet(net, bits, 'ipv6');

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedIPv4(v6: string): string | undefined {
  const m = /^(?:::ffff:(?:0:)?|64:ff9b::)(.+)$/i.exec(v6);
  if (!m) return undefined;
  if (isIP(m[1]) === 4) return m[1];
  // the hex spelling ::ffff:7f00:1
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(m[1]);
  if (!hex) return undefined;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True for addresses the hub must not fetch from: loopback, private, link-local, multicast, reserved. */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return nonPublic.check(bare, 'ipv4');
  if (family !== 6) return true; // not an address at all: never connect
  const v4 = embeddedIPv4(bare);
  if (v4) return isNonPublicAddress(v4);
  return nonPublic.check(bare, 'ipv6');
}

/**
 * The deployment's exceptions (HUB_FETCH_ALLOW): host names (`feeds.intranet.gov.vn`, or
 * `*.intranet.gov.vn` for every subdomain), addresses and CIDR ranges (`10.20.0.0/16`).
 */
export class FetchAllowList {
  private readonly hosts = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly nets = new BlockList();
  private empty = true;

  constructor(entries: readonly string[] = []) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      this.empty = false;
      const [net, bits] = entry.split('/');
      const family = isIP(net.replace(/^\[|\]$/g, ''));
      if (family) {
        const type = family === 4 ? 'ipv4' : 'ipv6';
        const addr = net.replace(/^\[|\]$/g, '');
        if (bits === undefined) this.nets.addAddress(addr, type);
        else this.nets.addSubnet(addr, Number(bits), type);
      } else if (entry.startsWith('*.')) this.suffixes.push(entry.slice(1));
      else this.hosts.add(entry);
    }
  }

  /** The host name (as in the URL) is allowed whatever it resolves to. */
  allowsHost(hostname: string): boolean {
    if (this.empty) return false;
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return this.hosts.has(host) || this.suffixes.some((s) => host.endsWith(s));
  }

  /** The resolved address is in an allowed range. */
  allowsAddress(address: string): boolean {
    if (this.empty) return false;
    const bare = address.replace(/^\[|\]$/g, '');
    const family = isIP(bare);
    return family !== 0 && this.nets.check(bare, family === 4 ? 'ipv4' : 'ipv6');
  }
}
