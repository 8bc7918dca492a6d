import { App, Chart } from 'cdk8s';
import type { ServiceWorkloadProps } from '../../../lib/workload/props';
import { ServiceWorkload } from '../../../lib/workload/service-workload';
import type { SidecarSpec } from '../../../lib/workload/spec';
import { find, objects } from '../../helpers';
import type { Manifest } from '../../charts/dist-clusters';

const exporter: SidecarSpec = {
  name: 'exporter',
  image: { registry: 'example.azurecr.io/shop', repository: 'exporter', tag: 'v1.0.0' },
  ports: [{ name: 'metrics', port: 9121 }],
  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
  runAsUser: 59000,
  env: { TARGET: 'redis://127.0.0.1:6379' },
  secretEnv: { PASSWORD: { secret: 'cache', key: 'password' } },
  readiness: { tcp: { port: 'metrics' } },
};

function props(overrides: Partial<ServiceWorkloadProps> = {}): ServiceWorkloadProps {
  return {
    name: 'cache',
    namespace: 'shop',
    image: { registry: 'example.azurecr.io/shop', repository: 'cache', tag: '7.4.2' },
    ports: [{ name: 'redis', port: 6379 }],
    replicas: 1,
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    nodePool: { name: 'dataplane' },
    readiness: { tcp: { port: 'redis' } },
    liveness: { tcp: { port: 'redis' } },
    runAsUser: 999,
    ...overrides,
  };
}

function build(p: ServiceWorkloadProps): { svc: ServiceWorkload; objs: () => Manifest[] } {
  const app = new App();
  const chart = new Chart(app, 'test');
  const svc = new ServiceWorkload(chart, p.name!, p);
  return { svc, objs: () => objects(app) };
}

describe('ServiceWorkload sidecars', () => {
  test('run beside the main container as their own user, restricted, with their env sorted and Secrets by reference', () => {
    const { objs } = build(props({ sidecars: [exporter], metrics: { port: 'metrics' } }));
    const spec = find(objs(), 'Deployment', 'cache').spec.template.spec;
    expect(spec.containers.map((c: Manifest) => c.name)).toEqual(['main', 'exporter']);
    expect(spec.containers[1]).toEqual({
      name: 'exporter',
      image: 'example.azurecr.io/shop/exporter:v1.0.0',
      imagePullPolicy: 'IfNotPresent',
      ports: [{ name: 'metrics', containerPort: 9121, protocol: 'TCP' }],
      env: [
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'cache', key: 'password' } } },
        { name: 'TARGET', value: 'redis://127.0.0.1:6379' },
      ],
      resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
      readinessProbe: { tcpSocket: { port: 'metrics' }, failureThreshold: 3, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 3 },
      securityContext: {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsGroup: 59000,
        runAsNonRoot: true,
        runAsUser: 59000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    expect(spec.securityContext.runAsUser).toBe(999);
  });

  test("their ports join the Service, and the ServiceMonitor scrapes the sidecar's", () => {
    const { objs } = build(props({ sidecars: [exporter], metrics: { port: 'metrics' } }));
    expect(find(objs(), 'Service', 'cache').spec.ports.map((p: Manifest) => [p.name, p.port, p.targetPort])).toEqual([
      ['redis', 6379, 'redis'],
      ['metrics', 9121, 'metrics'],
    ]);
    expect(find(objs(), 'ServiceMonitor', 'cache').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
  });

  test("callers still connect to the main ports; Prometheus may be admitted on the sidecar's", () => {
    const { svc } = build(props({ sidecars: [exporter], metrics: { port: 'metrics' } }));
    expect(svc.ports.map((p) => p.name)).toEqual(['redis']);
    expect(svc.url()).toBe('http://cache.shop.svc.cluster.local:6379');
    expect(svc.port('metrics').port).toBe(9121);
    svc.allowIngressFrom({ name: 'prometheus', namespace: 'monitoring', podLabels: { app: 'prometheus' } }, ['metrics']);
    expect(svc.admittedPorts({ name: 'prometheus', namespace: 'monitoring', podLabels: { app: 'prometheus' } })).toEqual([{ port: 9121, protocol: undefined }]);
  });

  test("their Secret keys are among the workload's, so their ExternalSecrets are rendered", () => {
    const { svc } = build(props({ sidecars: [exporter] }));
    expect(svc.secretKeyRefs()).toEqual([{ secret: 'cache', key: 'password' }]);
  });

  test('refuses a second container or port of one name, a sidecar without ports, and a metrics port nobody serves', () => {
    expect(() => build(props({ sidecars: [{ ...exporter, name: 'main' }] }))).toThrow('service "cache": two containers are named "main"');
    expect(() => build(props({ sidecars: [{ ...exporter, ports: [{ name: 'redis', port: 9121 }], readiness: undefined }] }))).toThrow(
      'service "cache": two ports of the pod are named "redis"',
    );
    expect(() => build(props({ sidecars: [{ ...exporter, ports: [], readiness: undefined }] }))).toThrow(
      'service "cache": sidecar "exporter" must serve at least one port',
    );
    expect(() => build(props({ metrics: { port: 'metrics' } }))).toThrow('service "cache": metrics port "metrics" is not one of the exposed ports (redis)');
  });
});

describe('ServiceWorkload options for a program that calls the API server and reads mounted files', () => {
  test('names the main container, mounts the token and ConfigMaps read-only, and annotates the pods', () => {
    const { objs } = build(
      props({
        containerName: 'cache',
        serviceAccountToken: true,
        configMapMounts: [{ configMap: 'cache-conf', mountPath: '/etc/cache' }],
        podAnnotations: { 'checksum/conf': 'abc' },
      }),
    );
    const tpl = find(objs(), 'Deployment', 'cache').spec.template;
    expect(tpl.metadata.annotations).toEqual({ 'checksum/conf': 'abc' });
    expect(tpl.spec.automountServiceAccountToken).toBe(true);
    expect(tpl.spec.containers[0].name).toBe('cache');
    expect(tpl.spec.volumes).toContainEqual({ name: 'etc-cache', configMap: { name: 'cache-conf', defaultMode: 0o444 } });
    expect(tpl.spec.containers[0].volumeMounts).toContainEqual({ name: 'etc-cache', mountPath: '/etc/cache', readOnly: true });
  });

  test('by default mounts no token', () => {
    const { objs } = build(props());
    expect(find(objs(), 'Deployment', 'cache').spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('scrapes extra paths and sends a basic-auth user name from a Secret', () => {
    const { objs, svc } = build(
      props({
        ports: [{ name: 'http', port: 8080 }],
        readiness: { tcp: { port: 'http' } },
        liveness: { tcp: { port: 'http' } },
        metrics: { port: 'http', path: '/a', extraPaths: ['/b'], basicAuthUser: { secret: 'scrape', key: 'username' } },
      }),
    );
    expect(find(objs(), 'ServiceMonitor', 'cache').spec.endpoints).toEqual([
      { port: 'http', path: '/a', interval: '30s', basicAuth: { username: { name: 'scrape', key: 'username' } } },
      { port: 'http', path: '/b', interval: '30s', basicAuth: { username: { name: 'scrape', key: 'username' } } },
    ]);
    expect(svc.secretKeyRefs()).toEqual([{ secret: 'scrape', key: 'username' }]);
  });
});
