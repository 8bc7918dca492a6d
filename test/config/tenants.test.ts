import { loadConfig, parseTenants, reservedNames } from '../../config';
import { readRepoFile } from '../files';

const reserved = reservedNames(loadConfig(['dev', 'staging', 'prod'], readRepoFile));
const parse = (yaml: string) => parseTenants(yaml, reserved);
const one = (entry: string) => `tenants:\n  - ${entry.trim().split('\n').join('\n    ')}\n`;
const valid = 'slug: newco\ndisplayName: NewCo\ntier: standard\nenvironments: [dev]';

describe('config/tenants.yaml', () => {
  test("the committed file holds the seeds' tenants, acme and bigcorp, and a free-tier playground tenant (others may be added)", () => {
    const tenants = parseTenants(readRepoFile('config/tenants.yaml'), reserved);
    expect(tenants.map((t) => [t.slug, t.tier])).toEqual(
      expect.arrayContaining([
        ['acme', 'enterprise'],
        ['bigcorp', 'standard'],
        ['demo', 'free'],
      ]),
    );
    expect(tenants.find((t) => t.slug === 'acme')).toMatchObject({ dedicatedIngress: { resourceGroup: 'rg-tenant-acme' }, acr: 'acmecorpacr.azurecr.io' });
  });

  test('a valid entry parses, sorted by slug', () => {
    expect(
      parse(`tenants:\n  - slug: zeta\n    displayName: Z\n    tier: free\n    environments: [prod, dev]\n  - ${valid.split('\n').join('\n    ')}\n`),
    ).toEqual([
      { slug: 'newco', displayName: 'NewCo', tier: 'standard', environments: ['dev'] },
      { slug: 'zeta', displayName: 'Z', tier: 'free', environments: ['prod', 'dev'] },
    ]);
  });

  test('a slug with the wrong format is refused naming file, entry and rule', () => {
    expect(() => parse(one(valid.replace('slug: newco', 'slug: Acme Corp')))).toThrow(
      `config/tenants.yaml: tenants[0] (Acme Corp).slug must be 3-30 characters of a-z, 0-9 and '-' (no '--'), start with a letter and end with a letter or digit, so that matih-tenant-<slug> is a namespace and <slug> a DNS label (^[a-z][a-z0-9-]{1,28}[a-z0-9]$) (got "Acme Corp")`,
    );
  });

  test('a slug too long for a namespace or a DNS label is refused', () => {
    const long = 'a'.repeat(31);
    expect(() => parse(one(valid.replace('slug: newco', `slug: ${long}`)))).toThrow(`tenants[0] (${long}).slug must be 3-30 characters`);
  });

  test('a duplicate slug is refused naming both entries', () => {
    expect(() => parse(`tenants:\n  - ${valid.split('\n').join('\n    ')}\n  - ${valid.split('\n').join('\n    ')}\n`)).toThrow(
      'config/tenants.yaml: tenants[1] (newco).slug is a duplicate of tenants[0] (got "newco")',
    );
  });

  test('an unknown tier is refused with the allowed tiers', () => {
    expect(() => parse(one(valid.replace('tier: standard', 'tier: gold')))).toThrow(
      'config/tenants.yaml: tenants[0] (newco).tier must be one of free, standard, enterprise (got "gold")',
    );
  });

  test('an unknown environment is refused with the allowed environments', () => {
    expect(() => parse(one(valid.replace('[dev]', '[dev, qa]')))).toThrow(
      'config/tenants.yaml: tenants[0] (newco).environments[1] must be one of dev, staging, prod (got "qa")',
    );
  });

  test('a tenant named like a platform namespace is refused', () => {
    for (const slug of ['kafka', 'data-plane', 'cert-manager', 'kube-things', 'matih-x']) {
      expect(() => parse(one(valid.replace('slug: newco', `slug: ${slug}`)))).toThrow(
        `config/tenants.yaml: tenants[0] (${slug}).slug must not be named like a platform namespace (reserved: the platform and operator namespaces, their short names, kube-*, matih*) (got "${slug}")`,
      );
    }
  });

  test('a malformed YAML file is refused with its position', () => {
    expect(() => parse('tenants:\n  - slug: a\n    slug: b\n')).toThrow('config/tenants.yaml: is not valid YAML: Map keys must be unique (line 3, column 5)');
    expect(() => parse('tenants: [\n')).toThrow(/^config\/tenants\.yaml: is not valid YAML: /);
  });

  test('unknown settings, a missing display name and a bad dedicated ingress are all reported at once', () => {
    let message = '';
    try {
      parse(one('slug: newco\ntier: standard\nenvironments: [prod]\ndedicatedIngress: yes\nregion: eu'));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(
      message
        .split('\n')
        .slice(1)
        .map((l) => l.trim()),
    ).toEqual([
      'config/tenants.yaml: tenants[0] (newco).displayName is required (got nothing)',
      'config/tenants.yaml: tenants[0] (newco).dedicatedIngress must be an object (got "yes")',
      'config/tenants.yaml: tenants[0] (newco).region is not a setting here (allowed: slug, tier, environments, dedicatedIngress) (got "eu")',
    ]);
  });
});
