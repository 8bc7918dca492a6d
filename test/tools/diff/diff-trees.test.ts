import { compareObjects, diffTrees, treeResource } from '../../../tools/diff';
import { configMap, deployment, edited, inApp, pvc } from './fixtures';

describe('diffTrees', () => {
  test('an identical tree has no differences and counts every resource as unchanged', () => {
    const tree = inApp([deployment(), configMap()]);
    const report = diffTrees(tree, inApp([deployment(), configMap()]));
    expect(report.resources).toEqual([]);
    expect(report.unchanged).toEqual({ dev: 2 });
    expect(report.envs).toEqual(['dev']);
  });

  test('a resource only in the new tree is added', () => {
    const report = diffTrees(inApp([]), inApp([deployment('bi-service', 'matih-data-plane')]));
    expect(report.resources.map((r) => [r.status, r.key])).toEqual([
      ['added', { env: 'dev', app: 'platform', group: 'apps', kind: 'Deployment', namespace: 'matih-data-plane', name: 'bi-service' }],
    ]);
    expect(report.resources[0].newFile).toEqual('dev/platform/deployment-bi-service.yaml');
    expect(report.resources[0].dangers).toEqual([]);
  });

  test('a resource only in the old tree is removed', () => {
    const report = diffTrees(inApp([deployment('old-api')]), inApp([]));
    expect(report.resources.map((r) => [r.status, r.key.kind, r.key.name])).toEqual([['removed', 'Deployment', 'old-api']]);
    expect(report.resources[0].oldFile).toEqual('dev/platform/deployment-old-api.yaml');
  });

  test('a changed resource lists the changed fields as paths with old and new values', () => {
    const after = edited(deployment(), (d) => {
      d.spec.replicas = 3;
      d.spec.template.spec.containers[0].image = 'matihlabsacr.azurecr.io/matih/api:1.1.0';
      d.metadata.labels['app.kubernetes.io/version'] = '1.1.0';
    });
    const report = diffTrees(inApp([deployment()]), inApp([after]));
    expect(report.resources.map((r) => r.status)).toEqual(['changed']);
    expect(report.resources[0].changes).toEqual([
      { path: 'metadata.labels["app.kubernetes.io/version"]', old: undefined, new: '1.1.0' },
      { path: 'spec.replicas', old: 2, new: 3 },
      {
        path: 'spec.template.spec.containers[name=api].image',
        old: 'matihlabsacr.azurecr.io/matih/api:1.0.0',
        new: 'matihlabsacr.azurecr.io/matih/api:1.1.0',
      },
    ]);
  });

  test('a harmless change (replicas, image, a label) is not flagged dangerous', () => {
    const after = edited(deployment(), (d) => {
      d.spec.replicas = 5;
      d.spec.template.spec.containers[1].image = 'matihlabsacr.azurecr.io/matih/metrics:2.0.1';
      d.metadata.labels.team = 'platform';
    });
    const report = diffTrees(
      inApp([deployment(), pvc()]),
      inApp([
        after,
        edited(pvc(), (p) => {
          p.spec.resources.requests.storage = '20Gi';
        }),
      ]),
    );
    expect(report.resources.map((r) => [r.status, r.key.kind])).toEqual([
      ['changed', 'Deployment'],
      ['changed', 'PersistentVolumeClaim'],
    ]);
    expect(report.resources.flatMap((r) => r.dangers)).toEqual([]);
  });

  test('a change of apiVersion within one group is a change, not a removal and an addition', () => {
    const topic = {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'KafkaTopic',
      metadata: { name: 'events', namespace: 'matih-kafka' },
      spec: { partitions: 3 },
    };
    const report = diffTrees(inApp([topic]), inApp([{ ...topic, apiVersion: 'kafka.strimzi.io/v1' }]));
    expect(report.resources.map((r) => [r.status, r.changes])).toEqual([
      ['changed', [{ path: 'apiVersion', old: 'kafka.strimzi.io/v1beta2', new: 'kafka.strimzi.io/v1' }]],
    ]);
  });

  test('resources are sorted by env, application, status, kind and name whatever the input order', () => {
    const report = diffTrees(
      [treeResource('prod', 'a', configMap('gone')), treeResource('dev', 'b', configMap('gone-too'))],
      [treeResource('prod', 'a', deployment('z')), treeResource('dev', 'b', deployment('y')), treeResource('dev', 'a', deployment('x'))],
    );
    expect(report.resources.map((r) => `${r.key.env}/${r.key.app} ${r.status} ${r.key.name}`)).toEqual([
      'dev/a added x',
      'dev/b added y',
      'dev/b removed gone-too',
      'prod/a added z',
      'prod/a removed gone',
    ]);
  });
});

describe('compareObjects', () => {
  test('identifies list items by name, so inserting a container does not shift the others', () => {
    const after = edited(deployment(), (d) => {
      d.spec.template.spec.containers.unshift({ image: 'envoy:1', name: 'proxy' });
      d.spec.template.spec.containers[2].image = 'metrics:3';
    });
    const paths = compareObjects(deployment(), after).map((c) => c.path);
    expect(paths).toEqual(['spec.template.spec.containers[name=metrics].image', 'spec.template.spec.containers[name=proxy]']);
  });

  test('reports a reorder of named items, since env var and init container order matter', () => {
    const env = (names: string[]) => ({ env: names.map((name) => ({ name, value: '1' })) });
    expect(compareObjects(env(['A', 'B']), env(['B', 'A']))).toEqual([{ path: 'env (order)', old: ['A', 'B'], new: ['B', 'A'] }]);
  });

  test('identifies list items without a name by position', () => {
    const changes = compareObjects({ rules: [{ verbs: ['get'] }] }, { rules: [{ verbs: ['get', 'list'] }, { verbs: ['watch'] }] });
    expect(changes).toEqual([
      { path: 'rules[0].verbs', old: ['get'], new: ['get', 'list'] },
      { path: 'rules[1]', old: undefined, new: { verbs: ['watch'] } },
    ]);
  });

  test('reports a removed field with its old value and an absent new one', () => {
    expect(compareObjects({ spec: { paused: true, replicas: 1 } }, { spec: { replicas: 1 } })).toEqual([{ path: 'spec.paused', old: true, new: undefined }]);
  });
});
