import { KIND_ORDER, kindOrder, syncSteps, syncTasks, waveOf } from '../../../tools/argocd/sync-tasks';
import { configMap, crd, deployment, kafka, namespace, obj, service, wave } from './fixtures';

const order = (objects: unknown[], options = {}) => syncTasks(objects, options).tasks.map((t) => `${t.phase} ${t.wave} ${t.kind}/${t.name}`);

describe('kind order', () => {
  test("is gitops-engine's list: Namespace first, APIService last, every other kind after them at 0", () => {
    expect(KIND_ORDER).toHaveLength(35);
    expect(KIND_ORDER[0]).toBe('Namespace');
    expect(KIND_ORDER.indexOf('CustomResourceDefinition')).toBe(13);
    expect(KIND_ORDER.slice(-3)).toEqual(['IngressClass', 'Ingress', 'APIService']);
    expect(kindOrder('Namespace')).toBe(-35);
    expect(kindOrder('APIService')).toBe(-1);
    expect(kindOrder('Application')).toBe(0);
    expect(kindOrder('Kafka')).toBe(0);
  });
});

describe('sync tasks', () => {
  test('sort by phase, wave, kind, then name; a custom kind comes after every listed one', () => {
    expect(
      order([
        kafka('events', 'k'),
        deployment('web', 'shop'),
        service('web', 'shop'),
        configMap('b', 'shop'),
        configMap('a', 'shop'),
        namespace('shop'),
        deployment('late', 'shop', wave(2)),
        deployment('early', 'other', wave(-1)),
      ]),
    ).toEqual([
      'Sync -1 Deployment/early',
      'Sync 0 Namespace/shop',
      'Sync 0 ConfigMap/a',
      'Sync 0 ConfigMap/b',
      'Sync 0 Service/web',
      'Sync 0 Deployment/web',
      'Sync 0 Kafka/events',
      'Sync 2 Deployment/late',
    ]);
  });

  test('the wave is the sync-wave annotation when an integer, else helm.sh/hook-weight, else 0', () => {
    expect(waveOf(configMap('a', 'x', { 'argocd.argoproj.io/sync-wave': '-3' }))).toBe(-3);
    expect(waveOf(configMap('a', 'x', { 'argocd.argoproj.io/sync-wave': 'two', 'helm.sh/hook-weight': '5' }))).toBe(5);
    expect(waveOf(configMap('a', 'x', { 'argocd.argoproj.io/sync-wave': '1.5' }))).toBe(0);
    expect(waveOf(configMap('a', 'x'))).toBe(0);
  });

  test('hooks go to their phases; Skip, PostDelete and Helm test hooks are not applied; crd-install is a plain resource', () => {
    const { tasks, skipped } = syncTasks([
      obj('batch/v1', 'Job', 'migrate', 'shop', { 'argocd.argoproj.io/hook': 'PreSync' }),
      obj('batch/v1', 'Job', 'smoke', 'shop', { 'argocd.argoproj.io/hook': 'PostSync,SyncFail' }),
      obj('batch/v1', 'Job', 'helm-pre', 'shop', { 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-weight': '-5' }),
      obj('v1', 'Pod', 'helm-test', 'shop', { 'helm.sh/hook': 'test' }),
      obj('v1', 'ConfigMap', 'skipped', 'shop', { 'argocd.argoproj.io/hook': 'Skip' }),
      obj('batch/v1', 'Job', 'cleanup', 'shop', { 'argocd.argoproj.io/hook': 'PostDelete' }),
      crd('example.com', 'Widget', 'widgets', { 'helm.sh/hook': 'crd-install' }),
      deployment('web', 'shop'),
    ]);
    expect(tasks.map((t) => `${t.phase} ${t.wave} ${t.kind}/${t.name}${t.hook ? ' hook' : ''}`)).toEqual([
      'PreSync -5 Job/helm-pre hook',
      'PreSync 0 Job/migrate hook',
      'Sync 0 CustomResourceDefinition/widgets.example.com',
      'Sync 0 Deployment/web',
      'PostSync 0 Job/smoke hook',
      'SyncFail 0 Job/smoke hook',
    ]);
    expect(skipped.map((s) => `${s.kind}/${s.name}: ${s.reason}`)).toEqual([
      'Pod/helm-test: Helm hook "test" is not run by Argo CD',
      'ConfigMap/skipped: argocd.argoproj.io/hook: Skip',
      'Job/cleanup: hook "PostDelete" does not run in a sync',
    ]);
  });

  test('a Namespace in a later wave moves in front of the first resource in it, taking its wave', () => {
    const { tasks } = syncTasks([deployment('web', 'shop', wave(1)), namespace('shop', wave(3)), namespace('other', wave(3))]);
    expect(tasks.map((t) => `${t.wave} ${t.kind}/${t.name}`)).toEqual(['1 Namespace/shop', '1 Deployment/web', '3 Namespace/other']);
    expect(tasks[0].movedFrom).toEqual({ phase: 'Sync', wave: 3, before: 'Deployment/web' });
    expect(tasks[2].movedFrom).toBeUndefined();
  });

  test('a CRD in a later wave moves in front of its first custom resource', () => {
    const { tasks } = syncTasks([obj('example.com/v1', 'Widget', 'w', 'shop', wave(1)), crd('example.com', 'Widget', 'widgets', wave(5))]);
    expect(tasks.map((t) => `${t.wave} ${t.kind}/${t.name}`)).toEqual(['1 CustomResourceDefinition/widgets.example.com', '1 Widget/w']);
  });

  test('CreateNamespace=true adds a PreSync Namespace unless the manifests hold it', () => {
    expect(order([deployment('web', 'shop')], { createNamespace: 'shop' })).toEqual(['PreSync 0 Namespace/shop', 'Sync 0 Deployment/web']);
    expect(order([namespace('shop'), deployment('web', 'shop')], { createNamespace: 'shop' })).toEqual(['Sync 0 Namespace/shop', 'Sync 0 Deployment/web']);
  });

  test('steps are the runs of one phase and wave', () => {
    const { tasks } = syncTasks([
      obj('batch/v1', 'Job', 'm', 's', { 'argocd.argoproj.io/hook': 'PreSync' }),
      configMap('a', 's'),
      deployment('b', 's', wave(1)),
      service('c', 's', wave(1)),
    ]);
    expect(syncSteps(tasks).map((s) => `${s.phase} ${s.wave}: ${s.tasks.map((t) => t.name).join(',')}`)).toEqual(['PreSync 0: m', 'Sync 0: a', 'Sync 1: c,b']);
  });
});
