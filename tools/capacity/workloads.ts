/**
 * The pods a cluster's rendered manifests ask for: Deployments and StatefulSets at their
 * replica bounds (an HorizontalPodAutoscaler's min and max when one targets them), DaemonSets
 * on every node they may run on, Strimzi's Kafka node pools and entity operator, and each
 * tenant's ResourceQuota on the pool its namespace's node selector names.
 */
import type { ManifestDocument } from '../manifests/load';
import { asArray, asMap, asString, asStringMap, dig, type JsonMap } from '../validate/json';
import {
  add,
  bytes,
  count,
  cpuMillis,
  max,
  NO_RESOURCES,
  type NodeSelectorRequirement,
  type Placement,
  type PodGroup,
  type Resources,
  type Toleration,
} from './model';

/** The namespace annotations of the PodNodeSelector admission plugin (enabled on AKS since 1.19). */
const NODE_SELECTOR_ANNOTATIONS = ['scheduler.alpha.kubernetes.io/node-selector', 'scheduler.kubernetes.io/node-selector'];

/** Every pod group the objects of one cluster declare. */
export function manifestPodGroups(docs: readonly ManifestDocument[]): PodGroup[] {
  const objects = docs.flatMap((d) => {
    const o = asMap(d.object);
    return o && typeof o.kind === 'string'
      ? [{ file: d.file, o, kind: o.kind, ns: asString(dig(o, 'metadata', 'namespace')) ?? '', name: asString(dig(o, 'metadata', 'name')) ?? '' }]
      : [];
  });
  const hpas = new Map<string, { min: number; max: number }>();
  const defaults = new Map<string, JsonMap>();
  const namespaces = new Map<string, JsonMap>();
  const kafkas = new Map<string, JsonMap>();
  for (const { o, kind, ns, name } of objects) {
    if (kind === 'HorizontalPodAutoscaler') {
      const target = `${asString(dig(o, 'spec', 'scaleTargetRef', 'kind'))}/${asString(dig(o, 'spec', 'scaleTargetRef', 'name'))}`;
      hpas.set(`${ns}/${target}`, { min: number(dig(o, 'spec', 'minReplicas')) ?? 1, max: number(dig(o, 'spec', 'maxReplicas')) ?? 1 });
    }
    if (kind === 'LimitRange') {
      const container = asArray(dig(o, 'spec', 'limits'))
        .map(asMap)
        .find((l) => l?.type === 'Container');
      if (container) defaults.set(ns, asMap(container.defaultRequest) ?? asMap(container.default) ?? {});
    }
    if (kind === 'Namespace') namespaces.set(name, o);
    if (kind === 'Kafka') kafkas.set(`${ns}/${name}`, o);
  }
  const out: PodGroup[] = [];
  for (const { file, o, kind, ns, name } of objects) {
    const base = { name: `${kind} ${ns ? `${ns}/` : ''}${name}`, file, origin: 'manifest' as const, object: { kind, namespace: ns, name } };
    const spec = asMap(dig(o, 'spec', 'template', 'spec'));
    if ((kind === 'Deployment' || kind === 'StatefulSet') && spec) {
      const replicas = number(dig(o, 'spec', 'replicas')) ?? 1;
      const hpa = hpas.get(`${ns}/${kind}/${name}`);
      out.push({
        ...base,
        mode: 'replicas',
        requests: podRequests(spec, defaults.get(ns)),
        minReplicas: hpa?.min ?? replicas,
        maxReplicas: hpa?.max ?? replicas,
        placement: podPlacement(spec),
      });
    } else if (kind === 'DaemonSet' && spec) {
      out.push({ ...base, mode: 'per-node', requests: podRequests(spec, defaults.get(ns)), minReplicas: 1, maxReplicas: 1, placement: podPlacement(spec) });
    } else if (kind === 'KafkaNodePool') {
      const kafka = kafkas.get(`${ns}/${asString(dig(o, 'metadata', 'labels', 'strimzi.io/cluster'))}`);
      const resources = dig(o, 'spec', 'resources') ?? dig(kafka, 'spec', 'kafka', 'resources');
      const pod = asMap(dig(o, 'spec', 'template', 'pod')) ?? asMap(dig(kafka, 'spec', 'kafka', 'template', 'pod')) ?? {};
      const replicas = number(dig(o, 'spec', 'replicas')) ?? 0;
      out.push({
        ...base,
        mode: 'replicas',
        requests: { ...containerRequests(resources), pods: 1 },
        minReplicas: replicas,
        maxReplicas: replicas,
        placement: podPlacement(pod),
      });
    } else if (kind === 'Kafka' && asMap(dig(o, 'spec', 'entityOperator'))) {
      const eo = dig(o, 'spec', 'entityOperator');
      const operators = [dig(eo, 'topicOperator'), dig(eo, 'userOperator')].filter((c) => asMap(c) !== undefined);
      const requests = operators.reduce<Resources>((sum, c) => add(sum, containerRequests(dig(c, 'resources'))), { ...NO_RESOURCES, pods: 1 });
      out.push({
        ...base,
        name: `${base.name} (entity operator)`,
        mode: 'replicas',
        requests,
        minReplicas: 1,
        maxReplicas: 1,
        placement: podPlacement(asMap(dig(eo, 'template', 'pod')) ?? {}),
        note: 'the Topic and User Operators request what the Kafka resource gives them (Strimzi sets no default)',
      });
    } else if (kind === 'ResourceQuota') {
      out.push({
        ...base,
        mode: 'quota',
        requests: quotaRequests(asMap(dig(o, 'spec', 'hard')) ?? {}),
        minReplicas: 0,
        maxReplicas: 1,
        placement: quotaPlacement(namespaces.get(ns)),
      });
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
export function podRequests(spec: JsonMap, limitRangeDefault: JsonMap = {}): Resources {
  const of = (c: unknown) => containerRequests(dig(c, 'resources'), limitRangeDefault);
  const inits = asArray(spec.initContainers);
  const sidecar = (c: unknown) => dig(c, 'restartPolicy') === 'Always';
  const sum = [...asArray(spec.containers), ...inits.filter(sidecar)].reduce<Resources>((s, c) => add(s, of(c)), NO_RESOURCES);
  let running = NO_RESOURCES;
  let init = NO_RESOURCES;
  for (const c of inits) {
    if (sidecar(c)) running = add(running, of(c));
    else init = max(init, add(running, of(c)));
  }
  return { ...max(sum, init), pods: 1 };
}

/** One container's requests (pods 0). */
export function containerRequests(resources: unknown, limitRangeDefault: JsonMap = {}): Resources {
  const pick = (key: string) => dig(resources, 'requests', key) ?? dig(resources, 'limits', key) ?? limitRangeDefault[key];
  return {
    cpu: cpuMillis(pick('cpu')) ?? 0,
    memory: bytes(pick('memory')) ?? 0,
    gpu: count(dig(resources, 'requests', 'nvidia.com/gpu') ?? dig(resources, 'limits', 'nvidia.com/gpu')) ?? 0,
    pods: 0,
  };
}

/** A pod spec's (or a Strimzi pod template's) node selector, required node affinity and tolerations. */
export function podPlacement(spec: JsonMap): Placement {
  const terms = asArray(dig(spec, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'));
  return {
    nodeSelector: asStringMap(spec.nodeSelector),
    affinityTerms: terms.map((t) => asArray(dig(t, 'matchExpressions')).flatMap(requirement)),
    tolerations: asArray(spec.tolerations).flatMap(toleration),
  };
}

function requirement(value: unknown): NodeSelectorRequirement[] {
  const key = asString(dig(value, 'key'));
  const operator = asString(dig(value, 'operator'));
  return key && operator ? [{ key, operator, values: asArray(dig(value, 'values')).filter((v): v is string => typeof v === 'string') }] : [];
}

function toleration(value: unknown): Toleration[] {
  const t = asMap(value);
  if (!t) return [];
  const field = (k: string) => (typeof t[k] === 'string' ? { [k]: t[k] } : {});
  return [{ ...field('key'), ...field('operator'), ...field('value'), ...field('effect') }];
}

function quotaRequests(hard: JsonMap): Resources {
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
function quotaPlacement(namespace: JsonMap | undefined): Placement {
  const annotations = asStringMap(dig(namespace, 'metadata', 'annotations'));
  const selector = NODE_SELECTOR_ANNOTATIONS.map((a) => annotations[a]).find((v) => v !== undefined);
  if (selector === undefined) return { nodeSelector: {}, affinityTerms: [], tolerations: [] };
  const nodeSelector: Record<string, string> = {};
  for (const [key, value = ''] of selector
    .split(',')
    .filter(Boolean)
    .map((kv) => kv.split('=').map((s) => s.trim())))
    nodeSelector[key] = value;
  return { nodeSelector, affinityTerms: [], tolerations: [{ operator: 'Exists' }] };
}

function number(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
