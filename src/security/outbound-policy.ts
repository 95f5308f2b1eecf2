/**
 * The outbound-call policy (API.md, "Outbound calls"): where the server may send an HTTP call to a URL a
 * user gave us, webhook receivers and ERP servers. Link-local, cloud-metadata, unspecified, multicast,
 * broadcast and reserved addresses are never called. Webhooks reach private and loopback addresses only
 * with WEBHOOK_ALLOW_PRIVATE; ERP servers may be private (on-premise Spectrum) and on loopback only with
 * ERP_ALLOW_LOOPBACK.
 *
 * The check runs on the addresses a connection actually uses, in the socket's DNS lookup, so a name that
 * resolves (or is rebound later) to a refused address is caught as well as a literal IP. The caps on an
 * answer live here too, so tests can shrink them; outbound-request.ts enforces them.
 */
import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { type AddressClass, classifyAddress } from './address-class.ts';

export type OutboundPurpose = 'webhook' | 'erp';

export interface OutboundPolicyOptions {
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may reach private and loopback addresses. Default false. */
  allowPrivateWebhooks?: boolean;
  /** ERP_ALLOW_LOOPBACK: an ERP server may run on this machine (the demo, tests). Default false. */
  allowErpLoopback?: boolean;
  /** The largest answer read, in bytes. Default 16 MiB. */
  maxBytes?: number;
  /** The longest a call may take in total, from connecting to the answer's last byte, in ms. Default 60 s. */
  deadlineMs?: number;
  /** A host name's addresses; default: the system resolver (`dns.lookup`, all addresses). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

/** The rules of one kind of outbound call. */
export interface OutboundRules {
  readonly purpose: OutboundPurpose;
  /** Why a call to this IP address is refused, in words an admin can act on; `undefined` when allowed. */
  refusal(address: string): string | undefined;
  /** A socket `lookup`: resolves the name, then fails with OutboundRefusedError if any address is refused. */
  readonly lookup: LookupFunction;
  readonly maxBytes: number;
  readonly deadlineMs: number;
}

export type OutboundPolicy = Readonly<Record<OutboundPurpose, OutboundRules>>;

/** A call that was not made (a refused address) or not followed (a redirect). */
export class OutboundRefusedError extends Error {
  readonly kind = 'refused';
  override name = 'OutboundRefusedError';
}

export const defaultMaxBytes = 16 * 1024 * 1024;
export const defaultDeadlineMs = 60_000;

const alwaysRefused = new Set<AddressClass>([
  'link-local',
  'cloud-metadata',
  'unspecified',
  'multicast',
  'broadcast',
  'reserved',
]);

const described: Record<AddressClass, string> = {
  public: 'a public',
  private: 'a private',
  loopback: 'a loopback',
  'link-local': 'a link-local',
  'cloud-metadata': 'a cloud metadata',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
  broadcast: 'the broadcast',
  reserved: 'a reserved',
};

/** The policy; without options, the strict defaults (no private webhooks, no ERP on loopback). */
export function createOutboundPolicy(options: OutboundPolicyOptions = {}): OutboundPolicy {
  const resolve = options.resolve ?? ((hostname: string) => dns.lookup(hostname, { all: true }));
  const rules = (purpose: OutboundPurpose, allowed: (kind: AddressClass) => string | undefined) => {
    const reason = (address: string) => {
      const kind = classifyAddress(address);
      if (kind === undefined) return 'not an IP address';
      return alwaysRefused.has(kind) ? `${described[kind]} address, where no call goes` : allowed(kind);
    };
    return {
      purpose,
      refusal: (address: string) => {
        const refused = reason(address);
        return refused && `${address} is ${refused}`;
      },
      lookup: checkedLookup(resolve, reason),
      maxBytes: options.maxBytes ?? defaultMaxBytes,
      deadlineMs: options.deadlineMs ?? defaultDeadlineMs,
    };
  };
  return {
    webhook: rules('webhook', (kind) =>
      (kind === 'private' || kind === 'loopback') && !options.allowPrivateWebhooks
        ? `${described[kind]} address: webhooks go there only with WEBHOOK_ALLOW_PRIVATE=true`
        : undefined,
    ),
    erp: rules('erp', (kind) =>
      kind === 'loopback' && !options.allowErpLoopback
        ? `${described[kind]} address: ERP servers are called there only with ERP_ALLOW_LOOPBACK=true`
        : undefined,
    ),
  };
}

/**
 * Why the URL is refused before any call, judging only a host written as an IP address; a host name is
 * judged on its addresses when called (they may change). `undefined`: not refused now.
 */
export function refusalOfUrl(rules: OutboundRules, url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  return classifyAddress(host) === undefined ? undefined : rules.refusal(host);
}

function checkedLookup(
  resolve: (hostname: string) => Promise<LookupAddress[]>,
  reason: (address: string) => string | undefined,
): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family || 0;
    resolve(hostname).then(
      (found) => {
        const addresses = family === 0 ? found : found.filter((a) => a.family === family);
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
          return;
        }
        // Any refused address refuses the name: the socket may try each of them.
        for (const { address } of addresses) {
          const refused = reason(address);
          if (refused) {
            callback(new OutboundRefusedError(`${hostname} resolves to ${address}, ${refused}`), '');
            return;
          }
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}
