import { diffTrees, type KubeObject } from '../../../tools/diff';
import { edited, inApp } from './fixtures';

/** An Application installing `chart` with `values`, as charts/argocd renders one. */
function release(name: string, chart: string, values: object, finalizer = false): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd', ...(finalizer ? { finalizers: ['resources-finalizer.argocd.argoproj.io'] } : {}) },
    spec: {
      project: 'ops',
      destination: { name: 'aks', namespace: 'ops' },
      source: { repoURL: 'https://charts.example.com', chart, targetRevision: '1.0.0', helm: { valuesObject: values } },
      syncPolicy: { automated: { prune: false, selfHeal: true } },
    },
  };
}

const messages = (before: KubeObject[], after: KubeObject[]) =>
  diffTrees(inApp(before, 'prod', 'argocd'), inApp(after, 'prod', 'argocd')).resources.flatMap((r) => r.dangers.map((d) => `${d.rule}: ${d.message}`));

describe('the differ on Applications that install CRDs', () => {
  const strimzi = release('matih-prod-strimzi', 'strimzi-kafka-operator', { watchNamespaces: ['matih-kafka'] });

  test('removing one is dangerous, and says whether the finalizer takes the operator with it', () => {
    expect(messages([strimzi], [])).toEqual([
      'protected-removal: removed: the Application matih-prod-strimzi installs the CRDs of core.strimzi.io, kafka.strimzi.io (chart strimzi-kafka-operator), and deleting a CRD deletes every resource of it cluster-wide; Argo CD deletes it and orphans the operator: nothing reconciles those resources until another Application adopts it',
    ]);
    const withFinalizer = release('matih-prod-strimzi', 'strimzi-kafka-operator', {}, true);
    expect(messages([withFinalizer], [])[0]).toMatch(/it carries the resources finalizer, so deleting it deletes the operator and everything it deployed$/);
  });

  test('renaming one is dangerous too', () => {
    const renamed = edited(strimzi, (a) => {
      a.metadata.name = 'kafka-operator';
    });
    expect(messages([strimzi], [renamed]).filter((m) => m.startsWith('protected-removal'))).toEqual([
      expect.stringMatching(/^protected-removal: renamed: the Application matih-prod-strimzi installs the CRDs of core\.strimzi\.io, kafka\.strimzi\.io/),
    ]);
  });

  test('whether a chart installs CRDs follows its values: cert-manager only with crds.enabled', () => {
    expect(messages([release('cm', 'cert-manager', { crds: { enabled: false } })], [])).toEqual([]);
    expect(messages([release('cm', 'cert-manager', { crds: { enabled: true } })], [])).toHaveLength(1);
    // a chart without CRDs, or not an operator at all
    expect(messages([release('edge', 'ingress-nginx', {})], [])).toEqual([]);
  });

  test('gaining the resources finalizer or automated prune is flagged', () => {
    const armed = edited(strimzi, (a) => {
      a.metadata.finalizers = ['resources-finalizer.argocd.argoproj.io'];
      a.spec.syncPolicy.automated.prune = true;
    });
    expect(messages([strimzi], [armed])).toEqual([
      "protection-removed: the Application installs the CRDs of core.strimzi.io, kafka.strimzi.io (chart strimzi-kafka-operator) and now carries the resources finalizer: deleting or renaming it would delete its CRDs' resources everywhere",
      'protection-removed: the Application installs the CRDs of core.strimzi.io, kafka.strimzi.io (chart strimzi-kafka-operator) and now prunes automatically: a chart version that drops a CRD would delete every resource of it',
    ]);
  });
});
