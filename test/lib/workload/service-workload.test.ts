import { App, Chart } from 'cdk8s';
import type { ServiceWorkloadProps } from '../../../lib/workload/props';
import { ServiceWorkload } from '../../../lib/workload/service-workload';
import { find, objects } from '../../helpers';

const pool = { name: 'dataplane', taint: { key: 'example.com/data', value: 'true', effect: 'NoSchedule' as const } };

function props(overrides: Partial<ServiceWorkloadProps> = {}): ServiceWorkloadProps {
  return {
    name: 'orders',
    namespace: 'shop',
    image: { registry: 'example.azurecr.io/shop', repository: 'orders', tag: '1.2.3' },
    ports: [{ name: 'http', port: 8080 }],
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    nodePool: pool,
    readiness: { http: { path: '/ready', port: 'http' } },
    liveness: { http: { path: '/live', port: 'http' } },
    ...overrides,
  };
}

function render(...decls: ServiceWorkloadProps[]): any[] {
  const app = new App();
  const chart = new Chart(app, 'test');
  for (const d of decls) new ServiceWorkload(chart, d.name!, d);
  return objects(app);
}

describe('ServiceWorkload', () => {
  test('selects pods by app.kubernetes.io/name and instance only, never a construct path', () => {
    const objs = render(props());
    const selector = { 'app.kubernetes.io/instance': 'orders', 'app.kubernetes.io/name': 'orders' };
    expect(find(objs, 'Deployment', 'orders').spec.selector).toEqual({ matchLabels: selector });
    expect(find(objs, 'Service', 'orders').spec.selector).toEqual(selector);
    expect(JSON.stringify(objs)).not.toMatch(/cdk8s\.io\/metadata\.addr|test-orders/);
  });

  test('renders a Deployment, Service and ServiceAccount named after the service, and no HPA, PDB or ServiceMonitor by default', () => {
    const kinds = render(props())
      .map((o) => `${o.kind}/${o.metadata.name}`)
      .sort();
    expect(kinds).toEqual(['Deployment/orders', 'Service/orders', 'ServiceAccount/orders']);
  });

  test('applies the restricted Pod Security profile to pod and container', () => {
    const spec = find(render(props({ runAsUser: 2000 })), 'Deployment', 'orders').spec.template.spec;
    expect(spec.securityContext).toEqual({
      fsGroup: 2000,
      runAsGroup: 2000,
      runAsNonRoot: true,
      runAsUser: 2000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 2000,
      runAsNonRoot: true,
      runAsUser: 2000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  test('mounts an emptyDir for each writable path under the read-only root filesystem', () => {
    const spec = find(render(props({ writablePaths: ['/tmp', '/var/cache/nginx'] })), 'Deployment', 'orders').spec.template.spec;
    expect(spec.volumes).toEqual([
      { name: 'tmp', emptyDir: {} },
      { name: 'var-cache-nginx', emptyDir: {} },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'var-cache-nginx', mountPath: '/var/cache/nginx' },
    ]);
  });

  test('places pods on the node pool with its toleration', () => {
    const spec = find(render(props()), 'Deployment', 'orders').spec.template.spec;
    expect(spec.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'dataplane' });
    expect(spec.tolerations).toEqual([{ key: 'example.com/data', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    const untainted = find(render(props({ nodePool: { name: 'system' } })), 'Deployment', 'orders').spec.template.spec;
    expect(untainted.tolerations).toBeUndefined();
  });

  test('sets Workload Identity on the ServiceAccount and the pod label, only when declared', () => {
    const objs = render(props({ workloadIdentity: { clientId: '11111111-2222-3333-4444-555555555555' } }));
    expect(find(objs, 'ServiceAccount', 'orders').metadata.annotations).toEqual({
      'azure.workload.identity/client-id': '11111111-2222-3333-4444-555555555555',
    });
    const tpl = find(objs, 'Deployment', 'orders').spec.template;
    expect(tpl.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(tpl.spec.serviceAccountName).toBe('orders');
    expect(find(objs, 'Deployment', 'orders').spec.selector.matchLabels['azure.workload.identity/use']).toBeUndefined();
    const plain = render(props());
    expect(find(plain, 'ServiceAccount', 'orders').metadata.annotations).toBeUndefined();
    expect(find(plain, 'Deployment', 'orders').spec.template.metadata.labels['azure.workload.identity/use']).toBeUndefined();
  });

  test('renders probes on the named port, requests and limits, a pinned image and the pull secrets', () => {
    const c = find(render(props({ imagePullSecrets: ['acr-secret', 'platform-acr-secret'] })), 'Deployment', 'orders').spec.template;
    const container = c.spec.containers[0];
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/live', port: 'http' });
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    expect(container.image).toBe('example.azurecr.io/shop/orders:1.2.3');
    expect(container.imagePullPolicy).toBe('IfNotPresent');
    expect(c.spec.imagePullSecrets).toEqual([{ name: 'acr-secret' }, { name: 'platform-acr-secret' }]);
  });

  test('renders env vars and secretKeyRefs sorted by name', () => {
    const container = find(
      render(
        props({
          env: { B_PLAIN: 'b' },
          secretEnv: { A_SECRET: { secret: 'orders-db', key: 'password' } },
        }),
      ),
      'Deployment',
      'orders',
    ).spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'A_SECRET', valueFrom: { secretKeyRef: { name: 'orders-db', key: 'password' } } },
      { name: 'B_PLAIN', value: 'b' },
    ]);
  });

  test('with autoscaling: an HPA owns replicas, and a PDB guards more than one replica', () => {
    const objs = render(props({ replicas: undefined, autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70, memoryUtilization: 80 } }));
    expect(find(objs, 'Deployment', 'orders').spec.replicas).toBeUndefined();
    expect(find(objs, 'HorizontalPodAutoscaler', 'orders').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
    });
    expect(find(objs, 'PodDisruptionBudget', 'orders').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/instance': 'orders', 'app.kubernetes.io/name': 'orders' } },
    });
  });

  test('a fixed replica count above one gets a PDB and zone spreading; one replica gets neither', () => {
    const three = render(props({ replicas: 3 }));
    expect(find(three, 'Deployment', 'orders').spec.replicas).toBe(3);
    expect(find(three, 'PodDisruptionBudget', 'orders')).toBeDefined();
    expect(find(three, 'Deployment', 'orders').spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    const one = render(props());
    expect(one.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(find(one, 'Deployment', 'orders').spec.template.spec.topologySpreadConstraints).toBeUndefined();
  });

  test('exposing metrics renders a ServiceMonitor on the metrics port', () => {
    const sm = find(render(props({ metrics: { port: 'http', path: '/actuator/prometheus' } })), 'ServiceMonitor', 'orders');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/instance': 'orders', 'app.kubernetes.io/name': 'orders' } },
      namespaceSelector: { matchNames: ['shop'] },
      endpoints: [{ port: 'http', path: '/actuator/prometheus', interval: '30s' }],
    });
  });

  test('a store with storage becomes a StatefulSet with a headless Service and retained claims', () => {
    const objs = render(props({ name: 'db', storage: { mountPath: '/data', size: '10Gi', storageClassName: 'managed-csi-premium' } }));
    const sts = find(objs, 'StatefulSet', 'db');
    expect(sts.spec.serviceName).toBe('db-headless');
    expect(find(objs, 'Service', 'db-headless').spec.clusterIP).toBe('None');
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'managed-csi-premium',
      resources: { requests: { storage: '10Gi' } },
    });
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
    expect(objs.filter((o) => o.kind === 'Deployment')).toEqual([]);
  });

  test('refuses an unpinned image, a UID of 0, a probe on an unknown port and bad autoscaling bounds', () => {
    expect(() => render(props({ image: { registry: 'r.io', repository: 'x', tag: 'latest' } }))).toThrow(
      'service "orders": image tag "latest" must be a pinned tag',
    );
    expect(() => render(props({ runAsUser: 0 }))).toThrow("'runAsUser' (0) must be a positive integer");
    expect(() => render(props({ readiness: { http: { path: '/', port: 'admin' } } }))).toThrow(
      'service "orders": readiness probe port "admin" is not one of the exposed ports (http)',
    );
    expect(() => render(props({ replicas: undefined, autoscaling: { minReplicas: 4, maxReplicas: 2 } }))).toThrow(
      "service \"orders\": 'autoscaling.minReplicas' (4) must be at least 1 and at most 'autoscaling.maxReplicas' (2)",
    );
    expect(() => render(props({ resources: { requests: { cpu: 'lots', memory: '1Gi' }, limits: { memory: '1Gi' } } }))).toThrow(
      `service "orders": 'resources.requests.cpu' "lots" is not a Kubernetes quantity`,
    );
  });
});

describe('ServiceWorkload rolling update, Service annotations and ConfigMap env', () => {
  test('keeps the default rolling update: 25% surge, one pod unavailable only with more than one replica', () => {
    expect(find(render(props()), 'Deployment', 'orders').spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    });
    expect(find(render(props({ replicas: 3 })), 'Deployment', 'orders').spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 1 });
  });

  test('renders the declared rolling-update bounds as counts or percentages', () => {
    expect(find(render(props({ replicas: 2, rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } })), 'Deployment', 'orders').spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 1 },
    });
    expect(find(render(props({ rollingUpdate: { maxUnavailable: '50%' } })), 'Deployment', 'orders').spec.strategy.rollingUpdate).toEqual({
      maxSurge: '25%',
      maxUnavailable: '50%',
    });
  });

  test('refuses rolling-update bounds that never progress, are malformed or target a StatefulSet', () => {
    expect(() => render(props({ rollingUpdate: { maxSurge: 0 } }))).toThrow(
      `service "orders": 'rollingUpdate.maxSurge' (0) and 'rollingUpdate.maxUnavailable' (0) cannot both be 0: the rollout could never replace a pod`,
    );
    expect(() => render(props({ rollingUpdate: { maxSurge: '150%' } }))).toThrow(
      `service "orders": 'rollingUpdate.maxSurge' ("150%") must be a non-negative integer or a percentage such as '25%'`,
    );
    expect(() =>
      render(props({ rollingUpdate: { maxUnavailable: 1 }, storage: { mountPath: '/data', size: '1Gi', storageClassName: 'managed-csi' } })),
    ).toThrow(`service "orders": 'rollingUpdate' applies to a Deployment; with 'storage' the workload is a StatefulSet`);
  });

  test('annotates the Service, and only the Service, with serviceAnnotations', () => {
    const objs = render(props({ serviceAnnotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' } }));
    expect(find(objs, 'Service', 'orders').metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080' });
    expect(find(objs, 'Deployment', 'orders').metadata.annotations).toBeUndefined();
    expect(find(render(props()), 'Service', 'orders').metadata.annotations).toBeUndefined();
  });

  test('keeps configEnv in a ConfigMap named after the service and reads each key through configMapKeyRef', () => {
    const objs = render(props({ env: { LOG_LEVEL: 'info' }, configEnv: { REGION: 'eu1', ACCOUNT_ID: '42' } }));
    const cm = find(objs, 'ConfigMap', 'orders');
    expect(cm.metadata).toMatchObject({ name: 'orders', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'orders' } });
    expect(Object.entries(cm.data)).toEqual([
      ['ACCOUNT_ID', '42'],
      ['REGION', 'eu1'],
    ]);
    expect(find(objs, 'Deployment', 'orders').spec.template.spec.containers[0].env).toEqual([
      { name: 'ACCOUNT_ID', valueFrom: { configMapKeyRef: { name: 'orders', key: 'ACCOUNT_ID' } } },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'REGION', valueFrom: { configMapKeyRef: { name: 'orders', key: 'REGION' } } },
    ]);
    expect(render(props()).filter((o) => o.kind === 'ConfigMap')).toEqual([]);
  });

  test('rolls the pods when a configEnv value changes, through a checksum that ignores key order', () => {
    const checksum = (configEnv: Record<string, string>) =>
      find(render(props({ configEnv })), 'Deployment', 'orders').spec.template.metadata.annotations['checksum/config'];
    expect(checksum({ A: '1', B: '2' })).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum({ B: '2', A: '1' })).toEqual(checksum({ A: '1', B: '2' }));
    expect(checksum({ A: '1', B: '3' })).not.toEqual(checksum({ A: '1', B: '2' }));
    expect(find(render(props()), 'Deployment', 'orders').spec.template.metadata.annotations).toBeUndefined();
  });

  test('refuses a configEnv key that is no env var name or that env declares too', () => {
    expect(() => render(props({ configEnv: { 'account-id': '42' } }))).toThrow('service "orders": env var name "account-id" must match [A-Za-z_][A-Za-z0-9_]*');
    expect(() => render(props({ env: { REGION: 'x' }, configEnv: { REGION: 'eu1' } }))).toThrow('service "orders": env var REGION is declared twice');
  });
});
