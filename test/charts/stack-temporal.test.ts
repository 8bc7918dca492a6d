import { allowedFlows, type PodGroup, podGroups } from '../../tools/flows/network-flows';
import { clusterObjects, env, find } from '../helpers';

/** The pods the Temporal chart renders, by their labels (charts/stack/temporal.ts sets the server's and the schema Job's own). */
const TEMPORAL_PODS: PodGroup[] = [
  ...['frontend', 'history', 'matching', 'worker'].map((c) => ({
    id: `matih-temporal/${c}`,
    namespace: 'matih-temporal',
    labels: {
      'app.kubernetes.io/name': 'temporal',
      'app.kubernetes.io/instance': 'temporal',
      'app.kubernetes.io/component': c,
      'matih.ai/temporal-db-client': 'true',
      'matih.ai/temporal-role': 'server',
    },
    ports: [
      { port: 7233, protocol: 'TCP' },
      { port: 6933, protocol: 'TCP' },
      { port: 9090, protocol: 'TCP' },
    ],
  })),
  {
    id: 'matih-temporal/schema',
    namespace: 'matih-temporal',
    labels: {
      'app.kubernetes.io/name': 'temporal',
      'app.kubernetes.io/instance': 'temporal',
      'app.kubernetes.io/component': 'database',
      'matih.ai/temporal-db-client': 'true',
    },
    ports: [],
  },
];

describe.each(['dev', 'staging', 'prod'] as const)('Temporal in %s', (name) => {
  const objs = clusterObjects(name);
  const app = find(objs, 'Application', `matih-${name}-temporal`, 'argocd');
  const values = app.spec.source.helm.valuesObject;
  const s = env(name).platform.stack.temporal;

  test('persists both stores to the platform PostgreSQL, in its own databases, with the password from Key Vault', () => {
    expect(app.spec.source).toMatchObject({ chart: 'temporal', targetRevision: '1.6.0' });
    const stores = values.server.config.persistence.datastores;
    for (const [store, db] of [
      ['default', 'temporal'],
      ['visibility', 'temporal_visibility'],
    ]) {
      expect(stores[store].sql).toMatchObject({
        pluginName: 'postgres12',
        databaseName: db,
        connectAddr: 'postgresql.matih-data-plane.svc.cluster.local:5432',
        user: 'temporal',
        existingSecret: 'temporal-db',
        secretKey: 'password',
        createDatabase: true,
        manageSchema: true,
      });
    }
    expect(values.server.config.persistence.numHistoryShards).toBe(s.numHistoryShards);
    const secret = find(objs, 'ExternalSecret', 'temporal-db', 'matih-temporal');
    expect(secret.spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: 'temporal-db-password' } }]);
    expect(find(objs, 'ClusterSecretStore', 'azure-key-vault').spec.conditions[0].namespaces).toContain('matih-temporal');
  });

  test('bundles no Cassandra, Elasticsearch, Grafana or Prometheus, and no admin shell; the UI only if config asks', () => {
    for (const key of ['cassandra', 'elasticsearch', 'grafana', 'prometheus', 'mysql', 'postgresql']) expect(values[key]).toBeUndefined();
    expect(values.admintools.enabled).toBe(false);
    expect(values.web.enabled).toBe(s.ui);
    expect(s.ui).toBe(false);
    expect(objs.filter((o) => o.kind === 'Ingress' && o.metadata.namespace === 'matih-temporal')).toEqual([]);
    expect(JSON.stringify(values)).not.toMatch(/"ingress":\{"enabled":true/);
  });

  test('every pod it renders is restricted; the schema Job gives up instead of holding the sync', () => {
    const pod = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } };
    const container = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true };
    expect(values.server.securityContext).toEqual(pod);
    expect(values.schema.securityContext).toEqual(pod);
    for (const c of ['frontend', 'history', 'matching', 'worker']) {
      expect(values.server[c].containerSecurityContext).toEqual(container);
      expect(values.server[c].replicaCount).toBe(s[c as 'frontend'].replicas);
    }
    expect(values.schema).toMatchObject({ backoffLimit: 6, activeDeadlineSeconds: 900, containerSecurityContext: container });
    expect(values.server.versionCheckDisabled).toBe(true);
    expect(find(objs, 'Namespace', 'matih-temporal').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('the frontend admits only its declared clients; the server and schema Job reach PostgreSQL; nothing else reaches Temporal', () => {
    const flows = allowedFlows(objs, [...podGroups(objs), ...TEMPORAL_PODS]).map((f) => `${f.from} -> ${f.to}:${f.port}`);
    expect(flows.filter((f) => / -> matih-temporal\//.test(f) && !f.startsWith('matih-temporal/')).sort()).toEqual([
      'matih-control-plane/infrastructure-service -> matih-temporal/frontend:7233/TCP',
      'matih-control-plane/tenant-service -> matih-temporal/frontend:7233/TCP',
    ]);
    expect(flows.filter((f) => f.startsWith('matih-temporal/') && !/ -> matih-temporal\//.test(f)).sort()).toEqual(
      ['frontend', 'history', 'matching', 'schema', 'worker'].map((p) => `matih-temporal/${p} -> matih-data-plane/postgresql:5432/TCP`),
    );
  });

  test('syncs after the platform PostgreSQL, its Secret and policies before it', () => {
    const wave = (n: string) => Number(find(objs, 'Application', `matih-${name}-${n}`, 'argocd').metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(wave('temporal')).toBeGreaterThan(wave('data-plane'));
    expect(wave('temporal')).toBeGreaterThan(wave('temporal-prereqs'));
    expect(wave('temporal-prereqs')).toBeGreaterThan(wave('secret-stores'));
  });
});
