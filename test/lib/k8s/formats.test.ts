/**
 * The formats pinned against the Kubernetes rules: the API server's own examples, and
 * properties over generated values checked against plain, character-by-character readings
 * of the same rules.
 */
import * as fc from 'fast-check';
import {
  cidrContains,
  isCidr,
  isDns1035Label,
  isDnsLabel,
  isDnsSubdomain,
  isHostName,
  isLabelValue,
  isPinnedImage,
  isPortName,
  isQualifiedName,
  isQuantity,
  labelSelectorProblems,
  parseImageReference,
  quantityValue,
  selectorMatches,
} from '../../../lib/k8s/formats';

const lower = 'abcdefghijklmnopqrstuvwxyz';
const digits = '0123456789';
const alnum = lower + digits;

describe('quantities', () => {
  test.each(['250m', '2', '1.5', '512Mi', '4Gi', '2Pi', '1e3', '1E-3', '500u', '100n', '.5', '5.', '+1', '-1', '0', '1Ei', '12k'])('accepts %s', (q) => {
    expect(isQuantity(q)).toBe(true);
  });
  test.each(['', '1..2', '5mm', 'Mi', '1 Mi', '1mi', '1KB', '1e', '1e1.5', '--1', '1.2.3', 'e3', '0x10', '1m1'])('refuses %j', (q) => {
    expect(isQuantity(q)).toBe(false);
  });

  /** A quantity as the grammar builds one: sign, number, suffix. */
  const quantity = fc
    .tuple(
      fc.constantFrom('', '+', '-'),
      fc.oneof(fc.stringMatching(/^[0-9]{1,6}$/), fc.stringMatching(/^[0-9]{1,4}\.[0-9]{0,4}$/), fc.stringMatching(/^\.[0-9]{1,4}$/)),
      fc.oneof(
        fc.constantFrom('', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E'),
        fc.stringMatching(/^[eE][+-]?[0-9]{1,2}$/),
      ),
    )
    .map((parts) => parts.join(''));

  test('accepts every quantity the grammar builds, and values it by its suffix', () => {
    fc.assert(
      fc.property(quantity, (q) => {
        expect(isQuantity(q)).toBe(true);
        expect(Number.isFinite(quantityValue(q))).toBe(true);
      }),
    );
    expect(quantityValue('512Mi')).toBe(512 * 1024 * 1024);
    expect(quantityValue('250m')).toBe(0.25);
    expect(quantityValue('1e3')).toBe(1000);
  });

  test('refuses a quantity with anything appended that no suffix allows', () => {
    fc.assert(
      fc.property(quantity, fc.constantFrom('x', ' ', 'i', 'mm', 'Kii', '/'), (q, junk) => {
        // M, G, T, P and E followed by i are binary suffixes
        fc.pre(!(junk === 'i' && /[MGTPE]$/.test(q)));
        expect(isQuantity(q + junk)).toBe(false);
      }),
    );
  });
});

describe('names', () => {
  /** RFC 1123 label read character by character. */
  function dnsLabelByHand(s: string): boolean {
    if (s.length < 1 || s.length > 63) return false;
    for (const c of s) if (!(alnum + '-').includes(c)) return false;
    return s[0] !== '-' && s[s.length - 1] !== '-';
  }
  const labelish = fc.string({ unit: fc.constantFrom(...(alnum + '-.A_ ').split('')), maxLength: 70 });

  test('a DNS label is what RFC 1123 says, for any string', () => {
    fc.assert(
      fc.property(labelish, (s) => expect(isDnsLabel(s)).toBe(dnsLabelByHand(s))),
      { numRuns: 400 },
    );
  });

  test('an RFC 1035 label is an RFC 1123 label that starts with a letter', () => {
    fc.assert(
      fc.property(labelish, (s) => expect(isDns1035Label(s)).toBe(dnsLabelByHand(s) && lower.includes(s[0]))),
      { numRuns: 400 },
    );
  });

  test('a DNS subdomain is dot-separated DNS labels, 253 characters at most', () => {
    fc.assert(
      fc.property(labelish, (s) => expect(isDnsSubdomain(s)).toBe(s.length <= 253 && s.split('.').every(dnsLabelByHand))),
      { numRuns: 400 },
    );
    expect(isDnsSubdomain('a'.repeat(63) + '.' + 'b'.repeat(63))).toBe(true);
    expect(isDnsSubdomain(Array.from({ length: 5 }, () => 'a'.repeat(63)).join('.'))).toBe(false);
  });

  test.each([
    ['api.matih.ai', true],
    ['matih.ai', true],
    ['localhost', false],
    ['a.b1', false],
    ['-a.ai', false],
    ['A.ai', false],
  ])('host name %s: %s', (s, ok) => {
    expect(isHostName(s)).toBe(ok);
  });

  test.each([
    ['http', true],
    ['metrics', true],
    ['tcp-prometheus', true],
    ['8080', false],
    ['a--b', false],
    ['-a', false],
    ['a'.repeat(16), false],
    ['HTTP', false],
  ])('port name %s: %s', (s, ok) => {
    expect(isPortName(s)).toBe(ok);
  });

  test.each([
    ['app.kubernetes.io/name', true],
    ['name', true],
    ['a/b/c', false],
    ['/name', false],
    ['kubernetes.io/metadata.name', true],
    ['x/' + 'a'.repeat(64), false],
    ['-a', false],
  ])('label key %s: %s', (s, ok) => {
    expect(isQualifiedName(s)).toBe(ok);
  });

  test.each([
    ['', true],
    ['v1.2.3', true],
    ['a_b-c.d', true],
    ['-a', false],
    ['a'.repeat(64), false],
    ['a b', false],
  ])('label value %j: %s', (s, ok) => {
    expect(isLabelValue(s)).toBe(ok);
  });
});

describe('CIDRs', () => {
  /** IPv4 CIDR read by hand: four decimal octets without leading zeros, prefix 0-32. */
  function v4ByHand(s: string): boolean {
    const [address, prefix, ...rest] = s.split('/');
    if (rest.length > 0 || prefix === undefined || !/^(0|[1-9][0-9]*)$/.test(prefix) || Number(prefix) > 32) return false;
    const octets = address.split('.');
    return octets.length === 4 && octets.every((o) => /^(0|[1-9][0-9]*)$/.test(o) && Number(o) <= 255);
  }
  const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('01', '00', '', 'x', '-1'));
  const v4ish = fc
    .tuple(octet, octet, octet, octet, fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('', '08', 'a')))
    .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);

  test('an IPv4 CIDR is four octets of 0-255 and a prefix of 0-32, for any such string', () => {
    fc.assert(
      fc.property(v4ish, (s) => expect(isCidr(s)).toBe(v4ByHand(s))),
      { numRuns: 600 },
    );
  });

  test('IPv6 CIDRs, and what is not a CIDR', () => {
    expect(isCidr('fd00::/8')).toBe(true);
    expect(isCidr('2001:db8::1/128')).toBe(true);
    expect(isCidr('2001:db8::/129')).toBe(false);
    for (const s of ['999.1.1.1/99', '10.0.0.0', '10.0.0.0/', '10.0.0/8', 'example.com/8', '10.0.0.0/8/8']) expect(isCidr(s)).toBe(false);
  });

  test('containment', () => {
    expect(cidrContains('10.0.0.0/16', '10.0.4.0/24')).toBe(true);
    expect(cidrContains('10.0.0.0/16', '10.1.0.0/24')).toBe(false);
    expect(cidrContains('10.0.0.0/24', '10.0.0.0/16')).toBe(false);
  });
});

describe('image references', () => {
  test.each([
    ['matihlabsacr.azurecr.io/matih/iam-service:1.8.2', { registry: 'matihlabsacr.azurecr.io', repository: 'matih/iam-service', tag: '1.8.2' }],
    ['localhost:5000/a/b@sha256:' + 'a'.repeat(64), { registry: 'localhost:5000', repository: 'a/b', digest: 'sha256:' + 'a'.repeat(64) }],
    ['library/redis:7', { repository: 'library/redis', tag: '7' }],
    ['redis', { repository: 'redis' }],
  ])('parses %s', (s, expected) => {
    expect(parseImageReference(s)).toEqual(expect.objectContaining(expected));
  });

  test.each(['', 'UPPER/x:1', 'a//b', 'a:b:c', 'x@sha256:short', 'reg.io/-x:1'])('refuses %j', (s) => {
    expect(parseImageReference(s)).toBeUndefined();
  });

  test('is pinned only by a digest or a tag other than latest', () => {
    expect(isPinnedImage('a.io/x:1.0')).toBe(true);
    expect(isPinnedImage('a.io/x@sha256:' + 'b'.repeat(64))).toBe(true);
    expect(isPinnedImage('a.io/x:latest')).toBe(false);
    expect(isPinnedImage('a.io/x')).toBe(false);
  });
});

describe('label selectors', () => {
  test('match as the API defines: every label and every expression, NotIn matching a missing key', () => {
    const labels = { app: 'a', tier: 'web' };
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'a' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'b' } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['x'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
  });

  test('report what the API server would refuse', () => {
    expect(
      labelSelectorProblems({
        matchLabels: { 'a b': 'x' },
        matchExpressions: [
          { key: 'k', operator: 'In' },
          { key: 'k', operator: 'Gt', values: ['1'] },
        ],
      }),
    ).toEqual([
      'matchLabels key "a b" is not a valid label key',
      'matchExpressions "k" In needs at least one value',
      'matchExpressions operator "Gt" must be In, NotIn, Exists or DoesNotExist',
    ]);
  });
});
