/**
 * What AKS keeps of a node for itself (Kubernetes 1.29 and later), and so what pods can
 * request: https://learn.microsoft.com/azure/aks/node-resource-reservations
 * (MicrosoftDocs/azure-aks-docs articles/aks/node-resource-reservations.md @ fb060abe).
 *
 * - kube-reserved CPU by the node's cores: 1: 60m, 2: 100m, 4: 140m, 8: 180m, 16: 260m,
 *   32: 420m, 64: 740m;
 * - kube-reserved memory: the lesser of 20 MB × max pods + 50 MB and 25 % of the node's memory;
 * - the kubelet's eviction threshold: memory.available < 100Mi.
 *
 * "MB" is read as MiB: the kubelet flags AKS writes (`--kube-reserved=cpu=180m,memory=2250Mi`
 * at `--max-pods=110`) and an AKS 1.32 node's reported capacity and allocatable (which differ
 * by exactly 2250Mi + 100Mi) both say so (docs/research/capacity-deprecations-ci.md §2).
 *
 * Memory is taken from the nominal VM size. The kubelet subtracts from what the OS reports,
 * about 2 % less (an AKS Standard_B8ms node: 32864156Ki of a nominal 32Gi), so real
 * allocatable memory is a few hundred MiB below these figures: keep headroom.
 */
import type { VmSize } from './vm-sizes';

const MI = 1024 * 1024;

/** kube-reserved CPU in millicores by the node's cores, as published. */
const KUBE_RESERVED_CPU: Readonly<Record<number, number>> = { 1: 60, 2: 100, 4: 140, 8: 180, 16: 260, 32: 420, 64: 740 };
/** The kubelet's hard eviction threshold for memory. */
export const EVICTION_THRESHOLD_BYTES = 100 * MI;
/** The first Kubernetes minor the reservations above apply to. */
export const RESERVATIONS_SINCE = '1.29';

/** What pods can request on one node. */
interface Allocatable {
  /** Millicores. */
  readonly cpu: number;
  /** Bytes. */
  readonly memory: number;
  readonly gpu: number;
  /** Pods the node admits: its max pods. */
  readonly pods: number;
}

/** How a node's allocatable is derived, for the report. */
export interface NodeReservation {
  readonly capacity: Allocatable;
  readonly kubeReservedCpu: number;
  readonly kubeReservedMemory: number;
  readonly evictionThreshold: number;
  readonly allocatable: Allocatable;
}

/** kube-reserved CPU for a node of `cores` cores. @throws for a core count AKS publishes no figure for */
export function kubeReservedCpu(cores: number): number {
  const reserved = KUBE_RESERVED_CPU[cores];
  if (reserved === undefined) {
    throw new Error(`AKS publishes no kube-reserved CPU for ${cores} cores (only ${Object.keys(KUBE_RESERVED_CPU).join(', ')})`);
  }
  return reserved;
}

/** kube-reserved memory in bytes: the lesser of 20 MiB × max pods + 50 MiB and 25 % of the node's memory. */
export function kubeReservedMemory(memoryBytes: number, maxPods: number): number {
  return Math.min((20 * maxPods + 50) * MI, Math.floor(memoryBytes / 4));
}

/** The capacity, the reservations and the allocatable resources of a node of `size` admitting `maxPods` pods. */
export function nodeReservation(size: VmSize, maxPods: number): NodeReservation {
  const memory = size.memoryGiB * 1024 * MI;
  const kubeReservedCpuM = kubeReservedCpu(size.vcpus);
  const kubeReservedMem = kubeReservedMemory(memory, maxPods);
  return {
    capacity: { cpu: size.vcpus * 1000, memory, gpu: size.gpus, pods: maxPods },
    kubeReservedCpu: kubeReservedCpuM,
    kubeReservedMemory: kubeReservedMem,
    evictionThreshold: EVICTION_THRESHOLD_BYTES,
    allocatable: { cpu: size.vcpus * 1000 - kubeReservedCpuM, memory: memory - kubeReservedMem - EVICTION_THRESHOLD_BYTES, gpu: size.gpus, pods: maxPods },
  };
}
