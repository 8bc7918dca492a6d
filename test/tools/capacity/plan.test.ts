import type { PodGroup, Placement, Resources } from '../../../tools/capacity/model';
import { planCluster, type ClusterInput, type PoolCapacity } from '../../../tools/capacity/plan';
import { headline, percent } from '../../../tools/capacity/report';

const MI = 1024 * 1024;
const GI = 1024 * MI;
const r = (cpu: number, memoryMi: number, gpu = 0): Resources => ({ cpu, memory: memoryMi * MI, gpu, pods: 1 });
const on = (pool: string, taintKey?: string): Placement => ({
  nodeSelector: { 'kubernetes.azure.com/agentpool': pool },
  affinityTerms: [],
  tolerations: taintKey ? [{ key: taintKey, operator: 'Equal', value: 'true', effect: 'NoSchedule' }] : [],
});
const group = (name: string, requests: Resources, min: number, max: number, placement: Placement, mode: PodGroup['mode'] = 'replicas'): PodGroup => ({
  name: `Deployment ns/${name}`,
  object: { kind: 'Deployment', namespace: 'ns', name },
  file: `dist/test/c1/app/${name}.yaml`,
  origin: 'manifest',
  mode,
  requests,
  minReplicas: min,
  maxReplicas: max,
  placement,
});

/**
 * Three pools, hand-computed (AKS 1.29+ reservations, MiB):
 * - system: D4s_v3 (4 vCPU, 16384 MiB), max pods 30: CPU 4000 - 140 = 3860m; memory
 *   16384 - min(20×30+50 = 650, 4096) - 100 = 15634 MiB; the DaemonSet takes 100m, 100 MiB, 1 pod
 *   → 3760m, 15534 MiB, 29 pods free per node.
 * - work: D2s_v3 (2 vCPU, 8192 MiB), max pods 110, tainted: 2000 - 100 = 1900m; 8192 -
 *   min(2250, 2048: the 25 % cap) - 100 = 6044 MiB → 1800m, 5944 MiB, 109 pods free.
 * - gpu: NC4as_T4_v3 (4 vCPU, 28672 MiB, 1 GPU), 0-2 nodes: 3860m; 28672 - 2250 - 100 =
 *   26322 MiB → 3760m, 26222 MiB, 1 GPU free.
 */
const input: ClusterInput = {
  env: 'test',
  cluster: 'c1',
  kubernetesVersion: '1.29',
  pools: [
    { name: 'system', vmSize: 'Standard_D4s_v3', minNodes: 1, maxNodes: 2, maxPods: 30 },
    { name: 'work', vmSize: 'Standard_D2s_v3', minNodes: 1, maxNodes: 3, maxPods: 110, taint: { key: 'work', value: 'true', effect: 'NoSchedule' } },
    {
      name: 'gpu',
      vmSize: 'Standard_NC4as_T4_v3',
      minNodes: 0,
      maxNodes: 2,
      maxPods: 110,
      taint: { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' },
    },
  ],
  groups: [
    // a device plugin as well: where it runs, GPUs are allocatable
    { ...group('agent', r(100, 100), 1, 1, { nodeSelector: {}, affinityTerms: [], tolerations: [{ operator: 'Exists' }] }, 'per-node'), advertisesGpus: true },
    group('api', r(500, 1024), 2, 6, on('system')),
    group('worker', r(1000, 2048), 3, 3, on('work', 'work')),
    group('big', r(2000, 1024), 1, 1, on('work', 'work')),
    group('nowhere', r(100, 100), 1, 1, on('missing')),
    group('infer', r(2000, 8192, 1), 1, 3, on('gpu', 'nvidia.com/gpu')),
    {
      ...group(
        'quota',
        { cpu: 3000, memory: 4 * GI, gpu: 0, pods: 20 },
        0,
        1,
        { nodeSelector: { 'kubernetes.azure.com/agentpool': 'work' }, affinityTerms: [], tolerations: [{ operator: 'Exists' }] },
        'quota',
      ),
      name: 'ResourceQuota t/quota',
    },
  ],
};

describe('planCluster on a hand-computed fixture', () => {
  const plan = planCluster(input);
  const pool = (name: string): PoolCapacity => plan.pools.find((p) => p.pool.name === name)!;

  test('allocatable per node from the VM size and AKS reservations, then the DaemonSet', () => {
    expect(pool('system').reservation.allocatable).toEqual({ cpu: 3860, memory: 15634 * MI, gpu: 0, pods: 30 });
    expect(pool('system').free).toEqual({ cpu: 3760, memory: 15534 * MI, gpu: 0, pods: 29 });
    expect(pool('work').reservation.kubeReservedMemory).toEqual(2048 * MI);
    expect(pool('work').free).toEqual({ cpu: 1800, memory: 5944 * MI, gpu: 0, pods: 109 });
    expect(pool('gpu').free).toEqual({ cpu: 3760, memory: 26222 * MI, gpu: 1, pods: 109 });
    expect(plan.pools.map((p) => p.daemonSets.map((d) => d.name))).toEqual([['Deployment ns/agent'], ['Deployment ns/agent'], ['Deployment ns/agent']]);
  });

  test('system: 2-6 api pods of 500m, 1 GiB', () => {
    const p = pool('system');
    expect(p.requestsMin).toEqual({ cpu: 1000, memory: 2048 * MI, gpu: 0, pods: 2 });
    expect(p.requestsMax).toEqual({ cpu: 3000, memory: 6144 * MI, gpu: 0, pods: 6 });
    // 3000 / (2 × 3760) = 39.9 % CPU; 1000 / 3760 = 26.6 % on the one minimum node
    expect(percent(p.requestsMax, { cpu: 7520, memory: 31068 * MI, gpu: 0, pods: 58 })).toEqual('40% cpu');
    expect(headline(p)).toEqual('40% cpu of max at max replicas, 1 of 2 nodes');
    expect([p.nodesAtMinReplicas, p.nodesAtMaxReplicas]).toEqual([1, 1]);
  });

  test('work: one 1-CPU worker per 1.8-CPU node, so three nodes; the quota needs a fourth', () => {
    const p = pool('work');
    // worker 3 × 1000m + big 1 × 2000m: big fits no node but is still demand
    expect(p.requestsMax).toEqual({ cpu: 5000, memory: 7168 * MI, gpu: 0, pods: 4 });
    expect(p.nodesAtMaxReplicas).toEqual(3);
    expect(p.quotaRequests).toEqual({ cpu: 3000, memory: 4 * GI, gpu: 0, pods: 0 });
    // 3 nodes leave 3 × 800m = 2400m; 600m more is a fourth node
    expect(p.nodesWithQuotas).toEqual(4);
    expect(headline(p)).toEqual('93% cpu of max at max replicas, 3 of 3 nodes');
  });

  test('gpu: three 1-GPU pods need three nodes, the pool has two', () => {
    const p = pool('gpu');
    expect([p.nodesAtMinReplicas, p.nodesAtMaxReplicas]).toEqual([1, 3]);
    expect(percent(p.requestsMin, { cpu: 0, memory: 0, gpu: 0, pods: 0 })).toEqual('scales up from 0 nodes');
    expect(percent(p.requestsMax, { cpu: 7520, memory: 52444 * MI, gpu: 2, pods: 218 })).toEqual('150% gpu');
  });

  test('findings: a pod too big for its pool, a pod no pool admits, a full pool, an overcommitting quota', () => {
    expect(plan.findings.map((f) => `${f.severity} ${f.rule} ${f.where}${f.subject ? ` ${f.subject}` : ''}`)).toEqual([
      'error capacity/no-pool test/c1 Deployment ns/nowhere',
      'error capacity/pod-too-big test/c1/work Deployment ns/big',
      'warning capacity/quota-overcommit test/c1/work',
      'error capacity/pool-full test/c1/gpu',
    ]);
    const text = (rule: string) => plan.findings.find((f) => f.rule === rule)!.message;
    expect(text('capacity/pod-too-big')).toEqual(
      "a pod requests 2 CPU, 1 GiB, more cpu than a Standard_D2s_v3 node of pool work offers 1.8 CPU, 5.8 GiB, 109 pods after AKS's reservations and 1 DaemonSets",
    );
    expect(text('capacity/no-pool')).toContain(
      "system: nodeSelector kubernetes.azure.com/agentpool=missing (the pool's nodes have kubernetes.azure.com/agentpool=system)",
    );
    expect(text('capacity/pool-full')).toEqual(
      'at maximum replicas its pods (6 CPU, 24 GiB, 3 GPU, 3 pods) need 3 Standard_NC4as_T4_v3 nodes, but the pool has at most 2',
    );
  });

  test('without a device plugin on it, a GPU pool advertises no GPU: a warning, and its GPU pods fit no node', () => {
    const unplugged = planCluster({ ...input, groups: input.groups.map((g) => ({ ...g, advertisesGpus: undefined })) });
    const gpu = unplugged.pools.find((p) => p.pool.name === 'gpu')!;
    expect(gpu.free).toEqual({ cpu: 3760, memory: 26222 * MI, gpu: 0, pods: 109 });
    expect(unplugged.findings.filter((f) => f.where === 'test/c1/gpu').map((f) => `${f.severity} ${f.rule}${f.subject ? ` ${f.subject}` : ''}`)).toEqual([
      'warning capacity/gpus-not-advertised',
      'error capacity/pod-too-big Deployment ns/infer',
    ]);
    expect(unplugged.findings.find((f) => f.rule === 'capacity/gpus-not-advertised')!.message).toEqual(
      'its Standard_NC4as_T4_v3 nodes have 1 GPU each, but no device plugin DaemonSet runs on them: they advertise no nvidia.com/gpu, and pods that request it stay Pending',
    );
    // pools without GPUs lose nothing
    expect(unplugged.pools.find((p) => p.pool.name === 'system')!.free).toEqual(pool('system').free);
  });

  test('an unknown VM size and a Kubernetes version before 1.29 are errors naming the config file', () => {
    const bad = planCluster({ ...input, kubernetesVersion: '1.28', pools: [{ ...input.pools[0], vmSize: 'Standard_X1' }], groups: [] });
    expect(bad.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['capacity/kubernetes-version config/test.ts', 'capacity/vm-size config/test.ts']);
    expect(bad.findings[1].message).toMatch(/^config\/test\.ts: clusters\.c1\.pools\.system: VM size Standard_X1 is not in tools\/capacity\/vm-sizes\.ts/);
  });
});
