/**
 * What kind of network an IP address is on, for the outbound-call policy (outbound-policy.ts). The
 * ranges are ipaddr.js's; this module only groups them and looks through the IPv6 forms that carry an
 * IPv4 address (mapped `::ffff:a.b.c.d`, NAT64, 6to4), so `::ffff:127.0.0.1` is loopback like 127.0.0.1.
 */
import ipaddr from 'ipaddr.js';

export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cloud-metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** Where AWS serves instance metadata over IPv6 (fd00:ec2::254): inside fc00::/7, yet never a private server. */
const awsMetadataV6 = ipaddr.IPv6.parseCIDR('fd00:ec2::/64');
/** The well-known NAT64 prefix: its last 32 bits are the IPv4 address reached. */
const nat64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

const v4Classes: Partial<Record<ReturnType<ipaddr.IPv4['range']>, AddressClass>> = {
  unicast: 'public',
  // Anycast services on the public internet.
  as112: 'public',
  amt: 'public',
  private: 'private',
  carrierGradeNat: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
};

const v6Classes: Partial<Record<string, AddressClass>> = {
  unicast: 'public',
  as112v6: 'public',
  amt: 'public',
  // Reached through a public relay, never a local network.
  teredo: 'public',
  uniqueLocal: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
};

/** The class of an IP address (any IPv4 or IPv6 text form); `undefined` when it is not an IP address. */
export function classifyAddress(text: string): AddressClass | undefined {
  if (!ipaddr.isValid(text)) return undefined;
  // `process` turns an IPv4-mapped IPv6 address into its IPv4 address.
  const address = ipaddr.process(text);
  if (address.kind() === 'ipv4') return classifyV4(address as ipaddr.IPv4);
  const v6 = address as ipaddr.IPv6;
  if (v6.match(awsMetadataV6)) return 'cloud-metadata';
  const embedded = embeddedV4(v6);
  if (embedded) return classifyV4(embedded);
  // Anything ipaddr.js names and we do not (documentation, discard, site-local, ORCHID…) is reserved.
  return v6Classes[v6.range()] ?? 'reserved';
}

function classifyV4(address: ipaddr.IPv4): AddressClass {
  return v4Classes[address.range()] ?? 'reserved';
}

/**
 * The IPv4 address inside a NAT64 (64:ff9b::/96), RFC 6145 (::ffff:0:a.b.c.d) or 6to4 (2002::/16)
 * address. The local-use NAT64 prefix (64:ff9b:1::/48) embeds it elsewhere and stays reserved.
 */
function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const bytes = address.toByteArray();
  if (address.match(nat64) || address.range() === 'rfc6145') return new ipaddr.IPv4(bytes.slice(12, 16));
  if (address.range() === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return undefined;
}
