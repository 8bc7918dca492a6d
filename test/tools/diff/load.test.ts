import { parseTree } from '../../../tools/diff';

describe('parseTree', () => {
  test('keys each document of a file by env, app, group, kind, namespace and name', () => {
    const resources = parseTree([
      {
        path: 'prod/kafka/kafka-matih.yaml',
        content:
          'apiVersion: kafka.strimzi.io/v1\nkind: Kafka\nmetadata:\n  name: matih\n  namespace: matih-kafka\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: matih-kafka\n---\n',
      },
    ]);
    expect(resources.map((r) => r.key)).toEqual([
      { env: 'prod', app: 'kafka', group: 'kafka.strimzi.io', kind: 'Kafka', namespace: 'matih-kafka', name: 'matih' },
      { env: 'prod', app: 'kafka', group: '', kind: 'Namespace', namespace: '', name: 'matih-kafka' },
    ]);
    expect(resources.map((r) => r.file)).toEqual(['prod/kafka/kafka-matih.yaml', 'prod/kafka/kafka-matih.yaml']);
  });

  test('counts a file in a subfolder of an application as part of that application, named <cluster>/<app>', () => {
    const resources = parseTree([
      {
        path: 'dev/matih-dev/namespaces/matih-kafka/networkpolicy-default-deny.yaml',
        content: 'kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata:\n  name: default-deny\n  namespace: matih-kafka\n',
      },
      { path: 'dev/matih-dev/argocd/application-root.yaml', content: 'kind: Application\napiVersion: argoproj.io/v1alpha1\nmetadata:\n  name: root\n' },
      { path: 'dev/root.yaml', content: 'kind: Application\napiVersion: argoproj.io/v1alpha1\nmetadata:\n  name: stray\n' },
    ]);
    expect(resources.map((r) => [r.key.env, r.key.app, r.key.name])).toEqual([
      ['dev', 'matih-dev/argocd', 'root'],
      ['dev', 'matih-dev/namespaces', 'default-deny'],
      ['dev', '', 'stray'],
    ]);
  });

  test('reads the one-cluster layout of older commits (<env>/<app>/), so a diff across the layout change pairs each object with itself', () => {
    const resources = parseTree([
      {
        path: 'dev/namespaces/matih-kafka/networkpolicy-default-deny.yaml',
        content: 'kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata:\n  name: default-deny\n  namespace: matih-kafka\n',
      },
      { path: 'dev/argocd/application-root.yaml', content: 'kind: Application\napiVersion: argoproj.io/v1alpha1\nmetadata:\n  name: root\n' },
    ]);
    expect(resources.map((r) => [r.key.env, r.key.app, r.key.name])).toEqual([
      ['dev', 'argocd', 'root'],
      ['dev', 'namespaces', 'default-deny'],
    ]);
  });

  test('skips the hand-off files beside the clusters (dist/<env>/bootstrap/): they are not Kubernetes objects', () => {
    const resources = parseTree([
      { path: 'dev/bootstrap/argocd-values.yaml', content: 'configs:\n  cm: {}\n' },
      { path: 'dev/matih-dev/argocd/application-root.yaml', content: 'kind: Application\napiVersion: argoproj.io/v1alpha1\nmetadata:\n  name: root\n' },
    ]);
    expect(resources.map((r) => r.key.app)).toEqual(['matih-dev/argocd']);
  });

  test('leaves out the hand-off files of <env>/bootstrap/, which are Helm values and no resources', () => {
    const resources = parseTree([
      { path: 'prod/bootstrap/argocd-values.yaml', content: 'configs:\n  cm: {}\n' },
      { path: 'prod/matih-prod/a/cm.yaml', content: 'kind: ConfigMap\nmetadata:\n  name: x\n' },
    ]);
    expect(resources.map((r) => r.file)).toEqual(['prod/matih-prod/a/cm.yaml']);
  });

  test('reads values as Argo CD does, with YAML 1.1 rules', () => {
    const [resource] = parseTree([{ path: 'dev/a/cm.yaml', content: 'kind: ConfigMap\nmetadata:\n  name: x\ndata:\n  flag: on\n' }]);
    expect(resource.object.data).toEqual({ flag: true });
  });

  test('names the file and document of invalid YAML', () => {
    expect(() => parseTree([{ path: 'dev/a/bad.yaml', content: 'kind: ConfigMap\nmetadata:\n  name: x\n---\nkind: [\n' }])).toThrow(
      /^dev\/a\/bad.yaml \(document 2\): not valid YAML: /,
    );
  });

  test('names the file of a resource without a name', () => {
    expect(() => parseTree([{ path: 'dev/a/cm.yaml', content: 'kind: ConfigMap\nmetadata: {}\n' }])).toThrow(
      'dev/a/cm.yaml: the ConfigMap has no "metadata.name"',
    );
  });

  test('refuses the same resource twice in one application', () => {
    const content = 'kind: ConfigMap\nmetadata:\n  name: x\n';
    expect(() =>
      parseTree([
        { path: 'dev/a/one.yaml', content },
        { path: 'dev/a/two.yaml', content },
      ]),
    ).toThrow('dev/a/two.yaml: ConfigMap "x" is already defined in dev/a/one.yaml');
  });
});
