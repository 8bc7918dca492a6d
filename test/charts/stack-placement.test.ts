/**
 * Kyverno's tenant placement, evaluated over the rendered namespaces and pods: the match and
 * patch logic of the rendered ClusterPolicies (kyverno-evaluator.ts), not only their schema.
 */
import * as fc from 'fast-check';
import type { Tenant } from '../../config';
import { renderApp } from '../../lib/render/render';
import { appWithTenants, clusterObjects, env, find, tenantsYaml } from '../helpers';
import { readRepoFile } from '../files';
import { admit, type Operation } from './kyverno-evaluator';

type Name = 'dev' | 'staging' | 'prod';
const POOL = 'kubernetes.azure.com/agentpool';
const PLAYGROUND = { key: 'matih.io/playground', value: 'true', effect: 'NoSchedule' };
const DATAPLANE = { key: 'matih.ai/data-plane', value: 'true', effect: 'NoSchedule' };

const objects = (name: Name) => clusterObjects(name);
const policies = (objs: any[]) => objs.filter((o) => o.kind === 'ClusterPolicy');
const namespaces = (objs: any[]) =>
  new Map<string, Record<string, string>>(objs.filter((o) => o.kind === 'Namespace').map((n) => [n.metadata.name, n.metadata.labels ?? {}]));
const pod = (spec: object = {}): any => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'app', image: 'x:1' }], ...spec },
});
/** Kubernetes toleration semantics: does the pod tolerate the taint? */
const tolerates = (p: any, taint: typeof PLAYGROUND) =>
  (p.spec.tolerations ?? []).some(
    (t: any) =>
      ((!t.key && t.operator === 'Exists') || (t.key === taint.key && (t.operator === 'Exists' || t.value === taint.value))) &&
      (!t.effect || t.effect === taint.effect),
  );

function admitIn(objs: any[], namespace: string, object: any, operation: Operation = 'CREATE') {
  return admit(policies(objs), { operation, namespace, namespaceLabels: namespaces(objs).get(namespace) ?? {}, object });
}

describe.each(['dev', 'staging', 'prod'] as const)('tenant placement in %s', (name) => {
  const objs = objects(name);
  const tiers = env(name).platform.tenantTiers;

  test("a tenant pod lands on its tier's pool with the pool's toleration, whatever selector it asked for", () => {
    const tenants = [...namespaces(objs)].filter(([, l]) => l['matih.ai/role'] === 'tenant');
    expect(tenants.length).toBe(env(name).tenants.length);
    for (const [ns, labels] of tenants) {
      const pool = tiers[labels['matih.ai/tier'] as keyof typeof tiers].pool;
      const taint = pool === 'playground' ? PLAYGROUND : DATAPLANE;
      const out = admitIn(objs, ns, pod({ nodeSelector: { [POOL]: 'system', disktype: 'ssd' } }));
      expect(out.deniedBy).toBeUndefined();
      expect(out.object.spec.nodeSelector).toEqual({ [POOL]: pool, disktype: 'ssd' });
      expect(out.object.spec.tolerations).toEqual([{ ...taint, operator: 'Equal' }]);
    }
  });

  test('a free-tier pod that already tolerates the playground keeps one toleration; updates are not mutated', () => {
    const own = { ...PLAYGROUND, operator: 'Exists' };
    const out = admitIn(objs, 'matih-tenant-demo', pod({ tolerations: [own] }));
    expect(out.object.spec.tolerations).toEqual([own]);
    expect(admitIn(objs, 'matih-tenant-demo', pod(), 'UPDATE').object.spec).toEqual(pod().spec);
  });

  test('no other namespace may tolerate the playground taint, nor every taint', () => {
    for (const toleration of [{ ...PLAYGROUND, operator: 'Equal' }, { key: PLAYGROUND.key, operator: 'Exists' }, { operator: 'Exists' }]) {
      for (const ns of ['matih-data-plane', 'matih-tenant-bigcorp', 'not-rendered']) {
        expect(admitIn(objs, ns, pod({ tolerations: [toleration] })).deniedBy).toBe('reserved-pool-tolerations/playground-toleration');
      }
      expect(admitIn(objs, 'matih-playground', pod({ tolerations: [toleration] })).deniedBy).toBeUndefined();
    }
    expect(admitIn(objs, 'matih-data-plane', pod({ tolerations: [{ ...DATAPLANE, operator: 'Equal' }] })).deniedBy).toBeUndefined();
  });

  test('every pod the platform renders is admitted unchanged', () => {
    for (const w of objs.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))) {
      const p = { apiVersion: 'v1', kind: 'Pod', metadata: w.spec.template.metadata, spec: w.spec.template.spec };
      const out = admitIn(objs, w.metadata.namespace, p);
      expect({ pod: `${w.metadata.namespace}/${w.metadata.name}`, denied: out.deniedBy }).toEqual({
        pod: `${w.metadata.namespace}/${w.metadata.name}`,
        denied: undefined,
      });
      expect(out.object).toEqual(p);
    }
  });
});

describe('tenant placement, for any pod in any namespace', () => {
  const objs = objects('prod');
  const toleration = fc
    .oneof(
      fc.record({
        key: fc.constantFrom(PLAYGROUND.key, DATAPLANE.key, 'nvidia.com/gpu'),
        operator: fc.constant('Equal'),
        value: fc.constantFrom('true', 'false'),
        effect: fc.constantFrom('NoSchedule', 'NoExecute', undefined),
      }),
      fc.record({
        key: fc.constantFrom(PLAYGROUND.key, DATAPLANE.key, undefined),
        operator: fc.constant('Exists'),
        effect: fc.constantFrom('NoSchedule', undefined),
      }),
    )
    .map((t) => JSON.parse(JSON.stringify(t)));
  const namespace = fc.constantFrom(...namespaces(objs).keys(), 'some-other');
  const pods = fc.record({
    tolerations: fc.array(toleration, { maxLength: 3 }),
    nodeSelector: fc.dictionary(fc.constantFrom(POOL, 'zone'), fc.constantFrom('system', 'gpu', 'a')),
  });

  test('a free-tier pod always ends on the playground, tolerating it; an admitted pod elsewhere (but the playground namespace) never tolerates it', () => {
    fc.assert(
      fc.property(namespace, pods, fc.constantFrom<Operation>('CREATE', 'UPDATE'), (ns, spec, op) => {
        const labels = namespaces(objs).get(ns) ?? {};
        const out = admitIn(objs, ns, pod(spec), op);
        const free = labels['matih.ai/tier'] === 'free';
        if (free && op === 'CREATE') {
          expect(out.object.spec.nodeSelector[POOL]).toBe('playground');
          expect(tolerates(out.object, PLAYGROUND)).toBe(true);
          expect(out.deniedBy).toBeUndefined();
        }
        if (!free && ns !== 'matih-playground') expect(out.deniedBy === undefined && tolerates(out.object, PLAYGROUND)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});

describe('the placement policies come from the tenant model', () => {
  test('a new tenant of any tier changes no policy: its namespace carries the labels they match', () => {
    const base: Tenant[] = [{ slug: 'bigcorp', displayName: 'B', tier: 'standard', environments: ['prod'] }];
    const render = (tenants: Tenant[]) => new Map(renderApp(appWithTenants('prod', tenantsYaml(tenants)), 'prod').map((f) => [f.path, f.content]));
    const before = render(base);
    const after = render([...base, { slug: 'newfree', displayName: 'N', tier: 'free', environments: ['prod'] }]);
    const policyFiles = [...before.keys()].filter((f) => f.includes('/placement-policies/'));
    expect(policyFiles.length).toBe(2);
    for (const f of policyFiles) expect(after.get(f)).toBe(before.get(f));
    const objs = clusterObjects(
      'prod',
      undefined,
      appWithTenants('prod', tenantsYaml([...base, { slug: 'newfree', displayName: 'N', tier: 'free', environments: ['prod'] }])),
    );
    expect(admitIn(objs, 'matih-tenant-newfree', pod()).object.spec.nodeSelector).toEqual({ [POOL]: 'playground' });
  });

  test('both policies fail closed and mutate only Pods (no drift of Argo CD-managed templates)', () => {
    const objs = objects('prod');
    for (const p of policies(objs)) expect(p.spec.webhookConfiguration).toEqual({ failurePolicy: 'Fail', timeoutSeconds: 10 });
    expect(find(objs, 'ClusterPolicy', 'tenant-pool-placement').metadata.annotations['pod-policies.kyverno.io/autogen-controllers']).toBe('none');
    expect(find(objs, 'ClusterPolicy', 'reserved-pool-tolerations').spec.rules.map((r: any) => r.validate.failureAction)).toEqual(['Enforce']);
  });
});

describe('Kyverno', () => {
  const objs = objects('prod');
  const app = find(objs, 'Application', 'matih-prod-kyverno', 'argocd');
  const values = app.spec.source.helm.valuesObject;

  test("the node agents' namespaces, which the reserved pools' policy would refuse, are outside its webhooks", () => {
    // node-exporter's DaemonSet (kube-prometheus-stack 88.0.0 → prometheus-node-exporter 4.56.1) tolerates every taint by default
    const everyTaint = pod({ tolerations: [{ operator: 'Exists' }] });
    expect(admitIn(objs, 'matih-node-exporter', everyTaint).deniedBy).toBe('reserved-pool-tolerations/playground-toleration');
    const excluded = values.config.webhooks.namespaceSelector.matchExpressions[0].values;
    expect(excluded).toEqual(expect.arrayContaining(['matih-node-exporter', 'nvidia-device-plugin']));
  });

  test('its fail-closed webhooks are highly available and never see kube-system, its own namespace or the node agents', () => {
    expect(app.spec.source).toMatchObject({ chart: 'kyverno', targetRevision: '3.4.6' });
    expect(app.metadata.finalizers).toBeUndefined();
    expect(values.admissionController).toMatchObject({ replicas: 3, podDisruptionBudget: { enabled: true, minAvailable: 2 } });
    // node-exporter's chart tolerates every taint (operator Exists, no key), which the reserved
    // pools' policy denies: its pods on a new node would be refused, and its DaemonSet never healthy
    expect(values.config.webhooks.namespaceSelector.matchExpressions).toEqual([
      {
        key: 'kubernetes.io/metadata.name',
        operator: 'NotIn',
        values: ['kube-system', 'calico-system', 'tigera-operator', 'matih-node-exporter', 'nvidia-device-plugin'],
      },
    ]);
    // the chart excludes its own namespace unless told otherwise
    expect(values.config.excludeKyvernoNamespace).toBeUndefined();
    expect(values.webhooksCleanup).toEqual({ enabled: false, autoDeleteWebhooks: { enabled: true } });
    expect(values.global.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'system' });
  });

  test("the API server reaches the admission and cleanup webhooks through the AKS control plane's path only; the policies sync after Kyverno", () => {
    const tf = JSON.parse(readRepoFile('config/terraform/prod/matih-prod.json'));
    expect(find(objs, 'NetworkPolicy', 'allow-webhooks-from-apiserver', 'kyverno').spec.ingress).toEqual([
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { app: 'konnectivity-agent' } } },
          { ipBlock: { cidr: `${tf.aks_api_server_ip.value}/32` } },
        ],
        ports: [{ port: 9443, protocol: 'TCP' }],
      },
    ]);
    const wave = (n: string) => Number(find(objs, 'Application', `matih-prod-${n}`, 'argocd').metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('placement-policies')).toBeGreaterThan(wave('kyverno'));
    expect(wave('placement-policies')).toBeLessThan(wave('tenant-demo'));
  });
});
