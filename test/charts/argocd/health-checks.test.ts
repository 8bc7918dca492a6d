import { parse } from 'luaparse';
import { HEALTH_CUSTOMIZATIONS, healthCustomizationKey, kindsOfHealthKeys } from '../../../charts/argocd/health';
import { BUILT_IN_HEALTH } from './fixtures/built-in-health';
import { CERT_MANAGER_SAMPLES, EXTERNAL_SECRETS_SAMPLES, STRIMZI_SAMPLES, type StatusSample } from './fixtures/resource-statuses';
import { ArgoLua, sandboxViolations } from './lua-sandbox';

let lua: ArgoLua;
beforeAll(async () => {
  lua = await ArgoLua.create();
});
afterAll(async () => lua?.close());

const scriptOf = (group: string, kind: string): string => {
  const h = HEALTH_CUSTOMIZATIONS.find((c) => c.group === group && c.kind === kind);
  if (!h) throw new Error(`no health check for ${group}/${kind}`);
  return h.lua;
};

const FAMILIES: ReadonlyArray<[string, string, readonly StatusSample[]]> = [
  ['Strimzi', 'kafka.strimzi.io', STRIMZI_SAMPLES],
  ['cert-manager', 'cert-manager.io', CERT_MANAGER_SAMPLES],
  ['External Secrets', 'external-secrets.io', EXTERNAL_SECRETS_SAMPLES],
];

describe('the health customizations', () => {
  test("every script is Lua 5.1 that Argo CD's sandbox runs (no string or math library, no string methods)", () => {
    for (const h of new Set(HEALTH_CUSTOMIZATIONS.map((c) => c.lua))) {
      expect(() => parse(h, { luaVersion: '5.1' })).not.toThrow();
      expect(sandboxViolations(h)).toEqual([]);
    }
  });

  test('one per kind, with the argocd-cm key Argo CD v3.0 reads, and the keys read back to the kinds', () => {
    const kinds = HEALTH_CUSTOMIZATIONS.map((c) => `${c.group}/${c.kind}`);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(healthCustomizationKey('kafka.strimzi.io', 'KafkaNodePool')).toBe('resource.customizations.health.kafka.strimzi.io_KafkaNodePool');
    expect(healthCustomizationKey('', 'ConfigMap')).toBe('resource.customizations.health.ConfigMap');
    expect(kindsOfHealthKeys(HEALTH_CUSTOMIZATIONS.map((c) => healthCustomizationKey(c.group, c.kind)))).toEqual([...kinds].sort());
    expect(kindsOfHealthKeys(['resource.customizations.health.Pod', 'resource.customizations.ignoreDifferences.apps_Deployment'])).toEqual(['Pod']);
  });

  for (const [family, group, samples] of FAMILIES) {
    describe(family, () => {
      test.each(samples.map((s) => [s.name, s] as const))('%s', async (_name, sample) => {
        const kind = sample.obj.kind as string;
        const result = await lua.health(scriptOf(group, kind), sample.obj);
        expect(result.status).toBe(sample.expect);
        if (result.status !== 'Healthy') expect(result.message).not.toBe('');
        // and what Argo CD would say without the customization
        const builtIn = BUILT_IN_HEALTH[kind];
        expect(builtIn === undefined ? 'none' : (await lua.health(builtIn, sample.obj)).status).toBe(sample.builtIn);
      });
    });
  }

  test("where the built-in scripts let a wave pass early, the platform's wait (the reason for them)", () => {
    const early = FAMILIES.flatMap(([, , samples]) => samples).filter((s) => s.builtIn === 'Healthy' && s.expect !== 'Healthy');
    expect(early.length).toBeGreaterThanOrEqual(7);
    // and they never wait where the built-in says Healthy for the current spec
    const both = FAMILIES.flatMap(([, , samples]) => samples).filter((s) => s.expect === 'Healthy');
    expect(both.every((s) => s.builtIn === 'Healthy' || s.builtIn === 'none')).toBe(true);
  });

  test('messages say what is awaited', async () => {
    const stale = STRIMZI_SAMPLES.find((s) => s.name.startsWith('Kafka spec changed')) as StatusSample;
    expect((await lua.health(scriptOf('kafka.strimzi.io', 'Kafka'), stale.obj)).message).toBe(
      'Waiting for Strimzi to reconcile generation 4 (last reconciled: 3)',
    );
    const failed = EXTERNAL_SECRETS_SAMPLES.find((s) => s.name === 'ExternalSecret cannot read Key Vault') as StatusSample;
    expect((await lua.health(scriptOf('external-secrets.io', 'ExternalSecret'), failed.obj)).message).toBe(
      'SecretSyncedError: could not get secret data from provider',
    );
  });
});
