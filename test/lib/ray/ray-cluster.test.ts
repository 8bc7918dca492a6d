import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { RayCluster, type RayClusterProps } from '../../../lib/ray/ray-cluster';
import { ChartService } from '../../../lib/workload/chart-service';
import { ServiceWorkload } from '../../../lib/workload/service-workload';
import { allowedFlows, podGroups } from '../../../tools/flows/network-flows';
import { checkPodSecurity, podTemplatesOf } from '../../../tools/validate';
import { find, objects } from '../../helpers';

const cpuPool = { name: 'cpu', taint: { key: 'example.com/cpu', value: 'true', effect: 'NoSchedule' as const } };
const gpuPool = { name: 'gpu', taint: { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' as const } };

function props(overrides: Partial<RayClusterProps> = {}): RayClusterProps {
  return {
    name: 'ml',
    namespace: 'ray',
    rayVersion: '2.52.0',
    head: { image: 'example.azurecr.io/ray:2.52.0', nodePool: cpuPool, resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } } },
    workerGroups: [
      {
        groupName: 'gpu',
        image: 'example.azurecr.io/ray:2.52.0-gpu',
        nodePool: gpuPool,
        minReplicas: 0,
        maxReplicas: 3,
        resources: { requests: { cpu: '3', memory: '16Gi' }, limits: { memory: '16Gi' }, extended: { 'nvidia.com/gpu': '2' } },
      },
    ],
    idleTimeoutSeconds: 300,
    apiServer: { name: 'kube-apiserver', cidr: '10.0.0.1/32' },
    ...overrides,
  };
}

function render(p: RayClusterProps, withClient = false): { objs: any[]; cluster: RayCluster } {
  const app = new App();
  const chart = new Chart(app, 'test');
  const cluster = new RayCluster(chart, 'ray', p);
  if (withClient) {
    new ServiceWorkload(chart, 'client', {
      namespace: 'apps',
      image: { registry: 'example.azurecr.io', repository: 'client', tag: '1.0.0' },
      ports: [{ name: 'http', port: 8080 }],
      replicas: 1,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
      nodePool: cpuPool,
      readiness: { tcp: { port: 'http' } },
      liveness: { tcp: { port: 'http' } },
      dependencies: [{ service: cluster, port: 'client', env: 'RAY_ADDRESS' }],
    });
  }
  return { objs: objects(app), cluster };
}

describe('RayCluster', () => {
  test('places the head and each worker group on its pool with its toleration, GPUs requested and limited alike', () => {
    const ray = find(render(props()).objs, 'RayCluster', 'ml');
    expect(ray.spec.headGroupSpec.template.spec.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'cpu' });
    const worker = ray.spec.workerGroupSpecs[0].template.spec;
    expect(worker.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    expect(worker.containers[0].resources).toEqual({
      requests: { cpu: '3', memory: '16Gi', 'nvidia.com/gpu': '2' },
      limits: { memory: '16Gi', 'nvidia.com/gpu': '2' },
    });
    expect(worker.containers[0].name).toBe('ray-worker');
  });

  test('autoscales exactly when a group may grow, with the head then allowed to the API server', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (min, extra) => {
        const max = Math.max(1, min + extra);
        const { objs } = render(props({ workerGroups: [{ ...props().workerGroups[0], minReplicas: min, maxReplicas: max }] }));
        const ray = find(objs, 'RayCluster', 'ml');
        const scales = max > min;
        expect(ray.spec.enableInTreeAutoscaling).toBe(scales);
        expect(ray.spec.workerGroupSpecs[0]).toMatchObject({ minReplicas: min, maxReplicas: max, replicas: min });
        expect(ray.spec.headGroupSpec.template.spec.automountServiceAccountToken).toBe(scales);
        expect(objs.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-ml-head-to-kube-apiserver')).toBe(scales);
      }),
      { numRuns: 40 },
    );
  });

  test('refuses bounds the autoscaler cannot keep', () => {
    expect(() => render(props({ workerGroups: [{ ...props().workerGroups[0], minReplicas: 3, maxReplicas: 2 }] }))).toThrow(
      /worker group "gpu" needs 0 <= minReplicas \(3\) <= maxReplicas \(2\)/,
    );
  });

  test('every pod passes restricted', () => {
    const ray = find(render(props()).objs, 'RayCluster', 'ml');
    const templates = podTemplatesOf({ file: 'f', index: 0, object: ray });
    expect(templates.map((t) => t.path)).toEqual(['spec.headGroupSpec.template', 'spec.workerGroupSpecs[0].template']);
    for (const t of templates) expect(checkPodSecurity(t)).toEqual([]);
  });

  test("a caller declared as a dependency reaches the head on that port only, through the head Service's URL", () => {
    const { objs, cluster } = render(props(), true);
    expect(cluster.url('client')).toBe('ray://ml-head-svc.ray.svc.cluster.local:10001');
    expect(cluster.url('dashboard')).toBe('http://ml-head-svc.ray.svc.cluster.local:8265');
    const rayPods = podTemplatesOf({ file: 'f', index: 0, object: find(objs, 'RayCluster', 'ml') }).map((t) => ({
      id: `ray/${t.labels['ray.io/node-type']}`,
      namespace: 'ray',
      labels: t.labels,
      ports: (t.spec.containers as any[]).flatMap((c) => (c.ports ?? []).map((p: any) => ({ port: p.containerPort, protocol: 'TCP' }))),
    }));
    const flows = allowedFlows(objs, [...podGroups(objs), ...rayPods]).map((f) => `${f.from} -> ${f.to}:${f.port}`);
    expect(flows.filter((f) => f.startsWith('apps/'))).toEqual(['apps/client -> ray/head:10001/TCP']);
    expect(flows).toEqual(expect.arrayContaining(['ray/worker -> ray/head:6379/TCP', 'ray/head -> ray/worker:8080/TCP']));
  });
});

describe('ChartService', () => {
  test("is a typed callee for a chart's pods: a URL without a scheme for gRPC targets, and the callers' flows as its policies", () => {
    const app = new App();
    const chart = new Chart(app, 'test');
    const svc = new ChartService(chart, 'frontend', { name: 'wf-frontend', namespace: 'wf', ports: [{ name: 'grpc', port: 7233 }], podLabels: { app: 'wf' } });
    expect(svc.url()).toBe('wf-frontend.wf.svc.cluster.local:7233');
    svc.allowIngressFrom({ name: 'api', namespace: 'apps', podLabels: { app: 'api' } }, ['grpc']);
    expect(find(objects(app), 'NetworkPolicy', 'allow-wf-frontend-from-api').spec.ingress[0].ports).toEqual([{ port: 7233, protocol: 'TCP' }]);
    expect(() => new ChartService(chart, 'bad', { name: 'x', namespace: 'wf', ports: [{ name: 'g', port: 1 }], podLabels: {} })).toThrow(
      /must select its pods/,
    );
  });
});
