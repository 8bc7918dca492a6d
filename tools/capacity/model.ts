/**
 * What the capacity check reasons about: resources in whole units (millicores, bytes, GPUs,
 * pods), where a pod may run (node selector, required node affinity, tolerations), and groups
 * of identical pods with their replica bounds.
 */
import { isQuantity, quantityValue } from '../../lib/k8s/formats';

/** Resources a pod requests or a node offers. */
export interface Resources {
  /** Millicores. */
  readonly cpu: number;
  /** Bytes. */
  readonly memory: number;
  /** `nvidia.com/gpu`. */
  readonly gpu: number;
  /** Pod slots (max pods of a node). */
  readonly pods: number;
}

export const NO_RESOURCES: Resources = { cpu: 0, memory: 0, gpu: 0, pods: 0 };
export const RESOURCE_NAMES = ['cpu', 'memory', 'gpu', 'pods'] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

/** A node selector requirement of a required node affinity term. */
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** A toleration, as a pod spec writes it. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

/** Where a pod may be scheduled. */
export interface Placement {
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** requiredDuringSchedulingIgnoredDuringExecution terms (ORed); empty: no affinity. */
  readonly affinityTerms: ReadonlyArray<readonly NodeSelectorRequirement[]>;
  readonly tolerations: readonly Toleration[];
}

/** Kind, namespace (empty for cluster-scoped) and name of an object. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** Where the figures of a pod group come from. */
type PodOrigin = 'manifest' | 'operator' | 'aks' | 'quota';

/** A set of identical pods: a workload's template at its replica bounds, a DaemonSet, or a tenant quota. */
export interface PodGroup {
  /** How the report names it: `Deployment matih-data-plane/ai-service`. */
  readonly name: string;
  /** The object that declares it (a workload, a ResourceQuota, the Application of a chart). */
  readonly object?: ObjectRef;
  /** The file that declares it (for manifests), or the table it comes from. */
  readonly file: string;
  readonly origin: PodOrigin;
  /**
   * `replicas`: minReplicas..maxReplicas pods of `requests` each; `per-node`: one pod on every
   * node it may run on (a DaemonSet); `quota`: a ResourceQuota's request totals, not pods.
   */
  readonly mode: 'replicas' | 'per-node' | 'quota';
  readonly requests: Resources;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly placement: Placement;
  /** A device plugin's DaemonSet: where it runs, a node's GPUs are allocatable (`nvidia.com/gpu`); nowhere else. */
  readonly advertisesGpus?: boolean;
  /** Why a figure is an estimate, or what else to know. */
  readonly note?: string;
}

/** `a + b`. */
export function add(a: Resources, b: Resources): Resources {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory, gpu: a.gpu + b.gpu, pods: a.pods + b.pods };
}

/** `a - b`. */
export function subtract(a: Resources, b: Resources): Resources {
  return { cpu: a.cpu - b.cpu, memory: a.memory - b.memory, gpu: a.gpu - b.gpu, pods: a.pods - b.pods };
}

/** `a × n`. */
export function times(a: Resources, n: number): Resources {
  return { cpu: a.cpu * n, memory: a.memory * n, gpu: a.gpu * n, pods: a.pods * n };
}

/** Each resource the larger of the two. */
export function max(a: Resources, b: Resources): Resources {
  return { cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory), gpu: Math.max(a.gpu, b.gpu), pods: Math.max(a.pods, b.pods) };
}

/** The resources of `need` that `room` does not hold. */
export function shortfall(need: Resources, room: Resources): ResourceName[] {
  return RESOURCE_NAMES.filter((r) => need[r] > room[r]);
}

/** Millicores of a CPU quantity (`250m`, `2`); undefined for anything else. */
export function cpuMillis(q: unknown): number | undefined {
  const v = quantity(q);
  return v === undefined ? undefined : Math.ceil(v * 1000 - 1e-9);
}

/** Bytes of a memory quantity (`512Mi`, `4Gi`, `1G`); undefined for anything else. */
export function bytes(q: unknown): number | undefined {
  const v = quantity(q);
  return v === undefined ? undefined : Math.ceil(v - 1e-6);
}

/** A count (`nvidia.com/gpu: 1`, `pods: 20`); undefined for anything else. */
export function count(q: unknown): number | undefined {
  return quantity(q);
}

function quantity(q: unknown): number | undefined {
  if (typeof q === 'number' && Number.isFinite(q)) return q;
  if (typeof q === 'string' && isQuantity(q)) return quantityValue(q);
  return undefined;
}

const MI = 1024 ** 2;
const GI = 1024 ** 3;

/** `250m CPU`, `3.5 CPU`, `512 MiB`, `1.25 GiB`, `2 GPU`, `40 pods`: how the reports write amounts. */
export function formatAmount(r: ResourceName, value: number): string {
  switch (r) {
    case 'cpu':
      return Math.abs(value) < 1000 ? `${value}m CPU` : `${trim(value / 1000)} CPU`;
    case 'memory':
      return Math.abs(value) < GI ? `${Math.round(value / MI)} MiB` : `${trim(value / GI)} GiB`;
    case 'gpu':
      return `${value} GPU`;
    case 'pods':
      return `${value} pod${value === 1 ? '' : 's'}`;
  }
}

/** CPU, memory and, when any, GPUs: `3.5 CPU, 12 GiB`. */
export function formatResources(r: Resources, withPods = false): string {
  const parts = [formatAmount('cpu', r.cpu), formatAmount('memory', r.memory)];
  if (r.gpu) parts.push(formatAmount('gpu', r.gpu));
  if (withPods) parts.push(formatAmount('pods', r.pods));
  return parts.join(', ');
}

function trim(n: number): string {
  return String(Math.round(n * 100) / 100);
}
