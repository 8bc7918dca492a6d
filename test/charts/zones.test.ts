import { ENVIRONMENTS } from '../../config';
import { AKS_AGENT_POOL_LABEL } from '../../lib/node-pool';
import { renderEnvironments } from '../../tools/synth';
import { env } from '../helpers';
import { readRepoFile } from '../files';

const rendered = renderEnvironments(ENVIRONMENTS, readRepoFile).filter((f) => !f.handoff);

interface PodPlacement {
  nodeSelector?: Record<string, string>;
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        nodeSelectorTerms?: Array<{ matchExpressions?: Array<{ key: string; operator: string; values: string[] }> }>;
      };
    };
  };
}
interface Workload {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: { replicas?: number; maxReplicas?: number; scaleTargetRef?: { name: string }; template: { spec: PodPlacement; pod: PodPlacement } };
}

/** The pool a pod spec is placed on: its node selector, or a required node affinity on the pool label. */
function poolOf(pod: PodPlacement | undefined): string | undefined {
  const selected = pod?.nodeSelector?.[AKS_AGENT_POOL_LABEL];
  if (selected) return selected;
  const terms = pod?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms)
    for (const e of t.matchExpressions ?? []) if (e.key === AKS_AGENT_POOL_LABEL && e.operator === 'In' && e.values.length === 1) return e.values[0];
  return undefined;
}

/** Every workload of a cluster that runs more than one replica (or may), with its pool and whether it needs a quorum. */
function replicated(name: string, cluster: string): Array<{ what: string; pool: string; replicas: number; quorum: boolean }> {
  const objects = rendered.filter((f) => f.path.startsWith(`${name}/${cluster}/`)).map((f) => f.object as unknown as Workload);
  const scaled = new Map(
    objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((h) => [`${h.metadata.namespace}/${h.spec.scaleTargetRef!.name}`, h.spec.maxReplicas ?? 1]),
  );
  const out: Array<{ what: string; pool: string; replicas: number; quorum: boolean }> = [];
  for (const o of objects) {
    if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
      const replicas = Math.max(o.spec.replicas ?? 1, scaled.get(`${o.metadata.namespace}/${o.metadata.name}`) ?? 1);
      if (replicas > 1) out.push({ what: `${o.kind}/${o.metadata.name}`, pool: poolOf(o.spec.template.spec)!, replicas, quorum: false });
    }
    if (o.kind === 'KafkaNodePool' && (o.spec.replicas ?? 0) > 1)
      out.push({ what: `KafkaNodePool/${o.metadata.name}`, pool: poolOf(o.spec.template.pod)!, replicas: o.spec.replicas ?? 0, quorum: true });
  }
  return out;
}

describe.each(ENVIRONMENTS.map((e) => [e]))('zones in %s', (name) => {
  const e = env(name);
  test.each(e.clusters.map((c) => [c.name, c] as const))(
    "%s: every pool holding replicas spans zones; a quorum's pool has a node in each of them",
    (_c, cluster) => {
      const workloads = replicated(name, cluster.name);
      expect(workloads.length).toBeGreaterThan(0);
      for (const w of workloads) {
        const pool = cluster.settings.pools[w.pool];
        expect({ what: w.what, pool: w.pool, known: pool !== undefined }).toEqual({ what: w.what, pool: w.pool, known: true });
        // two replicas may stand in two zones; a quorum of three needs three, each with a node from the start
        expect({ what: w.what, spansZones: (pool.zones ?? []).length >= Math.min(w.replicas, w.quorum ? 3 : 2) }).toEqual({ what: w.what, spansZones: true });
        if (w.quorum)
          expect({ what: w.what, minNodes: pool.minNodes >= Math.min(w.replicas, (pool.zones ?? []).length) }).toEqual({ what: w.what, minNodes: true });
      }
    },
  );
});

test("prod runs Kafka's three controllers and three brokers in three zones", () => {
  const prod = env('prod');
  const matih = prod.clusters.find((c) => c.name === 'matih-prod')!;
  const kafka = replicated('prod', 'matih-prod').filter((w) => w.quorum);
  expect(kafka.map((w) => [w.what, w.replicas]).sort()).toEqual([
    ['KafkaNodePool/brokers', 3],
    ['KafkaNodePool/controllers', 3],
  ]);
  expect(matih.settings.pools.dataplane.zones).toEqual(['1', '2', '3']);
  expect(matih.settings.pools.dataplane.minNodes).toBeGreaterThanOrEqual(3);
});
