import { allowedFlows, type PodGroup, podGroups } from '../../tools/flows/network-flows';
import { checkPodSecurity, podTemplatesOf } from '../../tools/validate';
import { clusterObjects, env, find } from '../helpers';

/** The pods KubeRay will create for the rendered RayClusters, with its labels, as flow endpoints. */
function rayPods(objs: any[]): PodGroup[] {
  return objs
    .filter((o) => o.kind === 'RayCluster')
    .flatMap((o) =>
      podTemplatesOf({ file: 'f', index: 0, object: o }).map((t) => ({
        id: `${t.namespace}/${t.labels['ray.io/identifier']}-${t.labels['ray.io/group']}`,
        namespace: t.namespace,
        labels: t.labels,
        ports: (t.spec.containers as any[]).flatMap((c) => (c.ports ?? []).map((p: any) => ({ port: p.containerPort, protocol: 'TCP' }))),
      })),
    );
}

describe('the AI Ray cluster', () => {
  test('runs where the environment enables it, with the KubeRay operator', () => {
    for (const name of ['dev', 'staging', 'prod'] as const) {
      const objs = clusterObjects(name);
      const enabled = env(name).platform.stack.ray.enabled;
      expect({
        name,
        clusters: objs.filter((o) => o.kind === 'RayCluster').length,
        operator: objs.some((o) => o.metadata.name === `matih-${name}-kuberay-operator`),
      }).toEqual({ name, clusters: enabled ? 1 : 0, operator: enabled });
      expect(objs.some((o) => o.kind === 'Deployment' && o.metadata.name === 'ai-service' && JSON.stringify(o).includes('RAY_ADDRESS'))).toBe(enabled);
    }
  });

  const objs = clusterObjects('prod');
  const ray = find(objs, 'RayCluster', 'ai-ray', 'matih-ray');
  const s = env('prod').platform.stack.ray;

  test('head on the aicompute pool, GPU workers on the gpu pool with the GPU toleration and limits, autoscaled within the configured bounds', () => {
    const head = ray.spec.headGroupSpec.template.spec;
    expect(head.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'aicompute' });
    expect(head.tolerations).toEqual([{ key: 'matih.ai/ai-compute', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    expect(ray.spec.headGroupSpec.rayStartParams).toEqual({ 'num-cpus': '0' });
    const [gpu] = ray.spec.workerGroupSpecs;
    expect(gpu).toMatchObject({
      groupName: 'gpu',
      minReplicas: s.gpuWorkers.minReplicas,
      maxReplicas: s.gpuWorkers.maxReplicas,
      replicas: s.gpuWorkers.minReplicas,
    });
    expect(gpu.template.spec.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'gpu' });
    expect(gpu.template.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    expect(gpu.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(String(s.gpuWorkers.gpusPerWorker));
    expect(gpu.template.spec.containers[0].image).toBe(`matihlabsacr.azurecr.io/rayproject/ray:${s.image.gpuTag}`);
    expect(ray.spec.enableInTreeAutoscaling).toBe(true);
    expect(ray.spec.autoscalerOptions.idleTimeoutSeconds).toBe(s.idleTimeoutSeconds);
  });

  test('every Ray pod and the autoscaler pass restricted; only the head (the autoscaler) mounts a token', () => {
    for (const t of podTemplatesOf({ file: 'f', index: 0, object: ray })) expect(checkPodSecurity(t)).toEqual([]);
    expect(ray.spec.autoscalerOptions.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true });
    expect(ray.spec.headGroupSpec.template.spec.automountServiceAccountToken).toBe(true);
    expect(ray.spec.workerGroupSpecs[0].template.spec.automountServiceAccountToken).toBe(false);
    expect(find(objs, 'Namespace', 'matih-ray').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  test('only ai-service reaches the head, on the Ray client and dashboard ports, as declared dependencies; Ray pods reach each other', () => {
    const pods = [...podGroups(objs), ...rayPods(objs)];
    const flows = allowedFlows(objs, pods).map((f) => `${f.from} -> ${f.to}:${f.port}`);
    const intoRay = flows.filter((f) => / -> matih-ray\//.test(f) && !f.startsWith('matih-ray/'));
    expect(intoRay).toEqual([
      'matih-data-plane/ai-service -> matih-ray/ai-ray-head-headgroup:10001/TCP',
      'matih-data-plane/ai-service -> matih-ray/ai-ray-head-headgroup:8265/TCP',
    ]);
    expect(flows).toContain('matih-ray/ai-ray-worker-gpu -> matih-ray/ai-ray-head-headgroup:6379/TCP');
    const env = Object.fromEntries(
      find(objs, 'Deployment', 'ai-service')
        .spec.template.spec.containers[0].env.filter((e: any) => e.value)
        .map((e: any) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      RAY_ADDRESS: 'ray://ai-ray-head-svc.matih-ray.svc.cluster.local:10001',
      RAY_DASHBOARD_URL: 'http://ai-ray-head-svc.matih-ray.svc.cluster.local:8265',
    });
    expect(find(objs, 'NetworkPolicy', 'allow-ai-ray-head-to-kube-apiserver', 'matih-ray').spec.egress[0].ports).toEqual([{ port: 443, protocol: 'TCP' }]);
  });

  test('the operator watches only the Ray namespace, with a Role there, on the system pool', () => {
    const app = find(objs, 'Application', 'matih-prod-kuberay-operator', 'argocd');
    expect(app.metadata.finalizers).toBeUndefined();
    expect(app.spec.source.helm.valuesObject).toMatchObject({
      singleNamespaceInstall: true,
      watchNamespace: ['matih-ray'],
      nodeSelector: { 'kubernetes.azure.com/agentpool': 'system' },
    });
    // the chart's default limits include cpu 100m, and Helm merges maps: a limit left out stays
    expect(app.spec.source.helm.valuesObject.resources.limits).toEqual({ cpu: '1', memory: '512Mi' });
    const project = find(objs, 'AppProject', 'matih-prod-operators', 'argocd');
    expect(project.spec.destinations.map((d: any) => d.namespace)).toEqual(expect.arrayContaining(['kuberay-system', 'matih-ray']));
    // the CR's folder syncs after the operator that installs the CRD
    expect(Number(find(objs, 'Application', 'matih-prod-ray', 'argocd').metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeGreaterThan(
      Number(app.metadata.annotations['argocd.argoproj.io/sync-wave']),
    );
  });
});
