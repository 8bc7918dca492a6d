import { operatorCreatedPodGroups } from '../../../tools/capacity/stack-workloads';
import { clusterObjects, env } from '../../helpers';

describe("the pods the stack's operators create, for the capacity plan", () => {
  const docs = clusterObjects('prod').map((object, index) => ({ file: `f${index}`, index: 0, object }));
  const groups = operatorCreatedPodGroups(docs);
  const s = env('prod').platform.stack.ray;

  test("a RayCluster's head with its autoscaler sidecar, and each worker group between its bounds with its GPUs", () => {
    const head = groups.find((g) => g.name === 'RayCluster matih-ray/ai-ray (head)')!;
    // head 2 CPU 8 GiB, autoscaler sidecar 200m 512 MiB
    expect(head.requests).toEqual({ cpu: 2200, memory: 8.5 * 2 ** 30, gpu: 0, pods: 1 });
    expect(head.placement.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'aicompute' });
    const workers = groups.find((g) => g.name === 'RayCluster matih-ray/ai-ray (workers gpu)')!;
    expect(workers).toMatchObject({ minReplicas: s.gpuWorkers.minReplicas, maxReplicas: s.gpuWorkers.maxReplicas });
    expect(workers.requests).toEqual({ cpu: 3000, memory: 16 * 2 ** 30, gpu: s.gpuWorkers.gpusPerWorker, pods: 1 });
  });

  test('one package pod per Crossplane Provider, sized and placed by its runtime config', () => {
    const providers = groups.filter((g) => g.name.startsWith('Provider '));
    expect(providers.map((g) => g.name)).toEqual(['Provider provider-azure-storage (package pod)', 'Provider provider-family-azure (package pod)']);
    for (const p of providers) {
      expect(p.requests).toEqual({ cpu: 100, memory: 256 * 2 ** 20, gpu: 0, pods: 1 });
      expect(p.placement.nodeSelector).toEqual({ 'kubernetes.azure.com/agentpool': 'system' });
    }
  });
});
