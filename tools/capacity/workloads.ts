/**
 * The pods a cluster's rendered manifests ask for: Deployments and StatefulSets at their
 * replica bounds (an HorizontalPodAutoscaler's min and max when one targets them), DaemonSets
 * on every node they may run on, Strimzi's Kafka node pools and entity operator, and each
 * tenant's ResourceQuota on the pool its namespace's node selector names.
 */
import type { ManifestDocument } from '../manifests/load';
import { add, bytes, count, cpuMillis, max, NO_RESOURCES, type Placement, type PodGroup, type Resources, type Toleration } from './model';

type Obj = Record<string, any>;

/** The namespace annotations of the PodNodeSelector admission plugin (enabled on AKS since 1.19). */
const NODE_SELECTOR_ANNOTATIONS = ['scheduler.alpha.kubernetes.io/node-selector', 'scheduler.kubernetes.io/node-selector'];

/** Every pod group the objects of one cluster declare. */
export function manifestPodGroups(docs: readonly ManifestDocument[]): PodGroup[] {
  const objects = docs.filter((d) => isObj(d.object) && typeof (d.object as Obj).kind === 'string').map((d) => ({ file: d.file, o: d.object as Obj }));
  const hpas = new Map<string, { min: number; max: number }>();
  const defaults = new Map<string, Obj>();
  const namespaces = new Map<string, Obj>();
  const kafkas = new Map<string, Obj>();
  for (const { o } of objects) {
    const ns = o.metadata?.namespace ?? '';
    if (o.kind === 'HorizontalPodAutoscaler' && isObj(o.spec?.scaleTargetRef)) {
      hpas.set(`${ns}/${o.spec.scaleTargetRef.kind}/${o.spec.scaleTargetRef.name}`, { min: o.spec.minReplicas ?? 1, max: o.spec.maxReplicas ?? 1 });
    }
    if (o.kind === 'LimitRange') {
      const container = (o.spec?.limits ?? []).find((l: Obj) => l?.type === 'Container');
      if (container) defaults.set(ns, container.defaultRequest ?? container.default ?? {});
    }
    if (o.kind === 'Namespace') namespaces.set(o.metadata?.name, o);
    if (o.kind === 'Kafka') kafkas.set(`${ns}/${o.metadata?.name}`, o);
  }
  const out: PodGroup[] = [];
  for (const { file, o } of objects) {
    const ns = o.metadata?.namespace ?? '';
    const name = `${o.kind} ${ns ? `${ns}/` : ''}${o.metadata?.name}`;
    const base = { name, file, origin: 'manifest' as const, object: { kind: o.kind, namespace: ns, name: String(o.metadata?.name) } };
    const spec = o.spec?.template?.spec;
    if ((o.kind === 'Deployment' || o.kind === 'StatefulSet') && isObj(spec)) {
      const replicas = typeof o.spec.replicas === 'number' ? o.spec.replicas : 1;
      const hpa = hpas.get(`${ns}/${o.kind}/${o.metadata?.name}`);
      out.push({ ...base, mode: 'replicas', requests: podRequests(spec, defaults.get(ns)), minReplicas: hpa?.min ?? replicas, maxReplicas: hpa?.max ?? replicas, placement: podPlacement(spec) });
    } else if (o.kind === 'DaemonSet' && isObj(spec)) {
      out.push({ ...base, mode: 'per-node', requests: podRequests(spec, defaults.get(ns)), minReplicas: 1, maxReplicas: 1, placement: podPlacement(spec) });
    } else if (o.kind === 'KafkaNodePool') {
      const kafka = kafkas.get(`${ns}/${o.metadata?.labels?.['strimzi.io/cluster']}`);
      const resources = o.spec?.resources ?? kafka?.spec?.kafka?.resources;
      const pod = isObj(o.spec?.template?.pod) ? o.spec.template.pod : (kafka?.spec?.kafka?.template?.pod ?? {});
      const replicas = typeof o.spec?.replicas === 'number' ? o.spec.replicas : 0;
      out.push({ ...base, mode: 'replicas', requests: { ...containerRequests(resources), pods: 1 }, minReplicas: replicas, maxReplicas: replicas, placement: podPlacement(pod) });
    } else if (o.kind === 'Kafka' && isObj(o.spec?.entityOperator)) {
      const eo = o.spec.entityOperator;
      const requests = [eo.topicOperator, eo.userOperator].filter(isObj).reduce((sum: Resources, c: Obj) => add(sum, { ...containerRequests(c.resources), pods: 0 }), { ...NO_RESOURCES, pods: 1 });
      out.push({
        ...base, name: `${name} (entity operator)`, mode: 'replicas', requests, minReplicas: 1, maxReplicas: 1, placement: podPlacement(eo.template?.pod ?? {}),
        note: 'the Topic and User Operators request what the Kafka resource gives them (Strimzi sets no default)',
      });
    } else if (o.kind === 'ResourceQuota') {
      out.push({ ...base, mode: 'quota', requests: quotaRequests(o.spec?.hard ?? {}), minReplicas: 0, maxReplicas: 1, placement: quotaPlacement(namespaces.get(ns)) });
    }
  }
  return out;
}

/**
 * What a pod requests, as the scheduler counts it: the larger of its containers' (and
 * restartable init containers') sum and its largest init container; a container without a
 * request gets its limit, else the namespace's LimitRange default.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
 */
export function podRequests(spec: Obj, limitRangeDefault: Obj = {}): Resources {
  const of = (c: Obj) => containerRequests(c?.resources, limitRangeDefault);
  const sidecars = (spec.initContainers ?? []).filter((c: Obj) => c?.restartPolicy === 'Always');
  const sum = [...(spec.containers ?? []), ...sidecars].reduce((s: Resources, c: Obj) => add(s, of(c)), NO_RESOURCES);
  let running = NO_RESOURCES;
  let init = NO_RESOURCES;
  for (const c of spec.initContainers ?? []) {
    if (c?.restartPolicy === 'Always') running = add(running, of(c));
    else init = max(init, add(running, of(c)));
  }
  return { ...max(sum, init), pods: 1 };
}

/** One container's requests (pods 0). */
export function containerRequests(resources: unknown, limitRangeDefault: Obj = {}): Resources {
  const r = isObj(resources) ? resources : {};
  const pick = (key: string) => r.requests?.[key] ?? r.limits?.[key] ?? limitRangeDefault[key];
  return {
    cpu: cpuMillis(pick('cpu')) ?? 0,
    memory: bytes(pick('memory')) ?? 0,
    gpu: count(r.requests?.['nvidia.com/gpu'] ?? r.limits?.['nvidia.com/gpu']) ?? 0,
    pods: 0,
  };
}

/** A pod spec's (or a Strimzi pod template's) node selector, required node affinity and tolerations. */
export function podPlacement(spec: Obj): Placement {
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return {
    nodeSelector: isObj(spec.nodeSelector) ? spec.nodeSelector : {},
    affinityTerms: Array.isArray(terms) ? terms.map((t: Obj) => (Array.isArray(t?.matchExpressions) ? t.matchExpressions : [])) : [],
    tolerations: Array.isArray(spec.tolerations) ? (spec.tolerations as Toleration[]) : [],
  };
}

function quotaRequests(hard: Obj): Resources {
  return {
    cpu: cpuMillis(hard['requests.cpu'] ?? hard.cpu) ?? 0,
    memory: bytes(hard['requests.memory'] ?? hard.memory) ?? 0,
    gpu: count(hard['requests.nvidia.com/gpu']) ?? 0,
    pods: count(hard.pods) ?? 0,
  };
}

/**
 * A quota is placed where its namespace's node selector sends the namespace's pods. The
 * tenant's pods are assumed to tolerate that pool's taint (PodNodeSelector adds no toleration).
 */
function quotaPlacement(namespace: Obj | undefined): Placement {
  const annotations = namespace?.metadata?.annotations ?? {};
  const selector = NODE_SELECTOR_ANNOTATIONS.map((a) => annotations[a]).find((v) => typeof v === 'string');
  if (selector === undefined) return { nodeSelector: {}, affinityTerms: [], tolerations: [] };
  const nodeSelector = Object.fromEntries(selector.split(',').filter(Boolean).map((kv: string) => kv.split('=').map((s) => s.trim())));
  return { nodeSelector, affinityTerms: [], tolerations: [{ operator: 'Exists' }] };
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
