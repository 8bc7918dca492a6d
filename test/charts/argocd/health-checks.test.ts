import { parse } from 'luaparse';
import { HEALTH_CUSTOMIZATIONS, healthCustomizationKey, kindsOfHealthKeys } from '../../../charts/argocd/health';
import { BUILT_IN_HEALTH } from './fixtures/built-in-health';
import { CROSSPLANE_SAMPLES, KYVERNO_SAMPLES } from './fixtures/package-statuses';
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
  ['Crossplane', 'pkg.crossplane.io', CROSSPLANE_SAMPLES],
  ['Kyverno', 'kyverno.io', KYVERNO_SAMPLES],
];

/** What Argo CD says with its built-in script: a script error is Unknown (gitops-engine GetResourceHealth), which a sync keeps waiting on. */
async function builtInVerdict(kind: string, obj: Record<string, unknown>): Promise<string> {
  const builtIn = BUILT_IN_HEALTH[kind];
  if (builtIn === undefined) return 'none';
  return lua.health(builtIn, obj).then(
    (r) => r.status,
    () => 'Unknown',
  );
}

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
        expect(await builtInVerdict(kind, sample.obj)).toBe(sample.builtIn);
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

  test('where the built-in Provider check fails the sync, the platform waits; Degraded only for a package that cannot be pulled or read', () => {
    const failedEarly = CROSSPLANE_SAMPLES.filter((s) => s.builtIn === 'Degraded' && s.expect === 'Progressing');
    expect(failedEarly.map((s) => s.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Provider installing/), expect.stringMatching(/^Provider runtime/)]),
    );
    expect(failedEarly.length).toBeGreaterThanOrEqual(5);
    const degraded = CROSSPLANE_SAMPLES.filter((s) => s.expect === 'Degraded').map((s) => s.name);
    expect(degraded.every((n) => /pull|parse|Crossplane version|tag not in the registry/.test(n))).toBe(true);
    // a ClusterPolicy never fails a sync: Kyverno refuses an invalid policy at apply time
    expect(KYVERNO_SAMPLES.some((s) => s.expect === 'Degraded')).toBe(false);
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
    const bumped = CROSSPLANE_SAMPLES.find((s) => s.name.startsWith('Provider spec.package bumped')) as StatusSample;
    expect((await lua.health(scriptOf('pkg.crossplane.io', 'Provider'), bumped.obj)).message).toBe(
      'Waiting for Crossplane to unpack xpkg.crossplane.io/crossplane-contrib/provider-azure-storage:v2.8.0 (installed: xpkg.crossplane.io/crossplane-contrib/provider-azure-storage:v2.7.0)',
    );
    const pending = KYVERNO_SAMPLES.find((s) => s.name.startsWith('ClusterPolicy not yet')) as StatusSample;
    expect((await lua.health(scriptOf('kyverno.io', 'ClusterPolicy'), pending.obj)).message).toBe(
      'Waiting for Kyverno to add the policy to its webhooks (Failed: Not Ready)',
    );
  });
});
