import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { classifyAddress } from './address-class.ts';
import {
  createOutboundPolicy,
  defaultDeadlineMs,
  defaultMaxBytes,
  OutboundRefusedError,
  type OutboundRules,
  refusalOfUrl,
} from './outbound-policy.ts';

const classes: [string, ReturnType<typeof classifyAddress>][] = [
  ['93.184.215.14', 'public'],
  ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 'public'],
  ['10.0.0.5', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.20', 'private'],
  ['100.64.0.1', 'private'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'],
  ['127.0.0.1', 'loopback'],
  ['127.9.9.9', 'loopback'],
  ['::1', 'loopback'],
  ['169.254.169.254', 'link-local'],
  ['169.254.0.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['fd00:ec2::254', 'cloud-metadata'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['2001:db8::1', 'reserved'],
  // IPv6 forms carrying an IPv4 address are judged by that address.
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'link-local'],
  ['::ffff:10.0.0.5', 'private'],
  ['::ffff:93.184.215.14', 'public'],
  ['64:ff9b::a9fe:a9fe', 'link-local'],
  ['2002:7f00:1::', 'loopback'],
  ['not-an-ip', undefined],
];

/** The system resolver replaced by a table, so names resolve without a network. */
const dns: Record<string, LookupAddress[]> = {
  'hooks.example': [{ address: '93.184.215.14', family: 4 }],
  'office.example': [{ address: '10.0.0.5', family: 4 }],
  'metadata.example': [{ address: '169.254.169.254', family: 4 }],
  'mixed.example': [
    { address: '93.184.215.14', family: 4 },
    { address: '::1', family: 6 },
  ],
  'dual.example': [
    { address: '93.184.215.14', family: 4 },
    { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
  ],
};
const resolve = async (hostname: string) => dns[hostname] ?? [];

/** The lookup as a socket calls it, answering the error or the address(es) given. */
function lookup(rules: OutboundRules, hostname: string, options: { all?: boolean; family?: number } = {}) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }>((done) =>
    rules.lookup(hostname, options, (error, address) => done({ error, address })),
  );
}

describe('address classes', () => {
  it.each(classes)('classifies %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('outbound policy', () => {
  const strict = createOutboundPolicy({ resolve });
  const lenient = createOutboundPolicy({ resolve, allowPrivateWebhooks: true, allowErpLoopback: true });

  it('never calls link-local, metadata, unspecified, multicast, broadcast or reserved addresses', () => {
    for (const address of [
      '169.254.169.254',
      'fe80::1',
      'fd00:ec2::254',
      '0.0.0.0',
      '::',
      '224.0.0.1',
      'ff02::1',
      '255.255.255.255',
      '240.0.0.1',
      '::ffff:169.254.169.254',
    ]) {
      for (const rules of [strict.webhook, strict.erp, lenient.webhook, lenient.erp])
        expect(rules.refusal(address), `${rules.purpose} ${address}`).toMatch(/where no call goes$/);
    }
    expect(strict.erp.refusal('169.254.169.254')).toBe(
      '169.254.169.254 is a link-local address, where no call goes',
    );
  });

  it('keeps webhooks off private and loopback addresses unless WEBHOOK_ALLOW_PRIVATE', () => {
    for (const address of [
      '10.0.0.5',
      '172.16.0.1',
      '192.168.1.20',
      '100.64.0.1',
      'fc00::1',
      '127.0.0.1',
      '::1',
    ]) {
      expect(strict.webhook.refusal(address)).toMatch(
        /webhooks go there only with WEBHOOK_ALLOW_PRIVATE=true/,
      );
      expect(lenient.webhook.refusal(address)).toBeUndefined();
    }
    expect(strict.webhook.refusal('::ffff:127.0.0.1')).toBe(
      '::ffff:127.0.0.1 is a loopback address: webhooks go there only with WEBHOOK_ALLOW_PRIVATE=true',
    );
    expect(strict.webhook.refusal('93.184.215.14')).toBeUndefined();
  });

  it('lets ERP servers be private, and on loopback only with ERP_ALLOW_LOOPBACK', () => {
    for (const address of ['10.0.0.5', '192.168.1.20', 'fd12:3456::1', '93.184.215.14'])
      expect(strict.erp.refusal(address)).toBeUndefined();
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(strict.erp.refusal(address)).toMatch(
        /ERP servers are called there only with ERP_ALLOW_LOOPBACK=true/,
      );
      expect(lenient.erp.refusal(address)).toBeUndefined();
    }
  });

  it('judges a URL by the IP address written in it, leaving host names to the call', () => {
    expect(refusalOfUrl(strict.webhook, 'http://10.0.0.5/hook')).toMatch(/^10\.0\.0\.5 is a private address/);
    expect(refusalOfUrl(strict.webhook, 'https://[::1]:8443/hook')).toMatch(/^::1 is a loopback address/);
    expect(refusalOfUrl(strict.webhook, 'http://[::ffff:127.0.0.1]/')).toMatch(/loopback/);
    // WHATWG URL parsing turns these spellings of 127.0.0.1 and 169.254.169.254 into the dotted form.
    expect(refusalOfUrl(strict.webhook, 'http://2130706433/')).toMatch(/^127\.0\.0\.1 is a loopback/);
    expect(refusalOfUrl(lenient.erp, 'http://0xa9.254.169.254/')).toMatch(
      /^169\.254\.169\.254 is a link-local/,
    );
    expect(refusalOfUrl(lenient.webhook, 'http://[fe80::1]/')).toMatch(/link-local/);
    expect(refusalOfUrl(strict.webhook, 'http://office.example/hook')).toBeUndefined();
    expect(refusalOfUrl(strict.webhook, 'http://93.184.215.14/hook')).toBeUndefined();
  });

  it('refuses a host name when any of its addresses is refused, naming the name and the address', async () => {
    const refused = await lookup(strict.webhook, 'office.example');
    expect(refused.error).toBeInstanceOf(OutboundRefusedError);
    expect(refused.error?.message).toBe(
      'office.example resolves to 10.0.0.5, a private address: webhooks go there only with WEBHOOK_ALLOW_PRIVATE=true',
    );
    expect((await lookup(lenient.erp, 'metadata.example')).error?.message).toBe(
      'metadata.example resolves to 169.254.169.254, a link-local address, where no call goes',
    );
    expect((await lookup(strict.webhook, 'mixed.example', { all: true })).error?.message).toMatch(
      /resolves to ::1, a loopback address/,
    );
    expect((await lookup(lenient.webhook, 'office.example')).error).toBeNull();
  });

  it('answers an allowed name as a socket asks: one address, all of them, or one family', async () => {
    expect(await lookup(strict.webhook, 'dual.example')).toEqual({ error: null, address: '93.184.215.14' });
    expect((await lookup(strict.webhook, 'dual.example', { all: true })).address).toEqual(
      dns['dual.example'],
    );
    expect((await lookup(strict.webhook, 'dual.example', { family: 6 })).address).toBe(
      '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
    );
    expect((await lookup(strict.webhook, 'unknown.example')).error).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('caps answers at 16 MiB and 60 s unless told otherwise', () => {
    expect(strict.erp).toMatchObject({ maxBytes: defaultMaxBytes, deadlineMs: defaultDeadlineMs });
    expect(defaultMaxBytes).toBe(16 * 1024 * 1024);
    expect(defaultDeadlineMs).toBe(60_000);
    expect(createOutboundPolicy({ maxBytes: 10, deadlineMs: 5 }).webhook).toMatchObject({
      maxBytes: 10,
      deadlineMs: 5,
    });
  });
});
