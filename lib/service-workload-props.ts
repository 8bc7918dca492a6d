/**
 * The declaration a {@link ServiceWorkload} is built from, and the checks it passes first.
 */
import type { ServiceWorkload } from './service-workload';
import { assertDnsLabel } from './labels';
import type { NodePool } from './node-pool';
import { assertProbePorts } from './pod-template';
import {
  AutoscalingSpec, ContainerImage, MetricsSpec, ProbeSpec, ResourceSpec, RollingUpdateSpec, SecretKeyRef,
  SecretMount, ServicePortSpec, StorageSpec, assertQuantity,
} from './workload-spec';

/** One typed declaration of a service. */
export interface ServiceWorkloadProps {
  /** Name of every object the service renders (Deployment, Service, ServiceAccount, ...). */
  readonly name: string;
  readonly namespace: string;
  readonly image: ContainerImage;
  /** Ports the service exposes; the first is the primary one. */
  readonly ports: readonly ServicePortSpec[];
  /** Replicas when not autoscaled, and the floor of the PodDisruptionBudget decision. */
  readonly replicas: number;
  /** When set, an HPA owns the replica count and the Deployment leaves `replicas` unset. @default none */
  readonly autoscaling?: AutoscalingSpec;
  readonly resources: ResourceSpec;
  /** The node pool the pods run on (node selector plus the pool's toleration). */
  readonly nodePool: NodePool;
  readonly readiness: ProbeSpec;
  readonly liveness: ProbeSpec;
  /** @default none */
  readonly startup?: ProbeSpec;
  /** Plain env vars. Never put a credential here: use `secretEnv`. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Non-secret settings kept in a ConfigMap named after the service, each key an env var
   * the container reads through `configMapKeyRef`. Env vars are read only when a container
   * starts, so the pod template carries a hash of the data ({@link CONFIG_CHECKSUM_ANNOTATION})
   * and a changed value rolls the pods. Never put a credential here: use `secretEnv`.
   * @default none (no ConfigMap)
   */
  readonly configEnv?: Readonly<Record<string, string>>;
  /** Env vars from Secret keys (`secretKeyRef`). @default none */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  /** Secrets mounted read-only. @default none */
  readonly secretMounts?: readonly SecretMount[];
  /** @default none */
  readonly command?: readonly string[];
  /** @default none */
  readonly args?: readonly string[];
  /** @default none */
  readonly imagePullSecrets?: readonly string[];
  /** Azure Workload Identity: the managed identity's client ID. @default none */
  readonly workloadIdentity?: { readonly clientId: string };
  /** A persistent volume per replica; makes the workload a StatefulSet. @default none (Deployment) */
  readonly storage?: StorageSpec;
  /**
   * The Deployment's rolling-update bounds. Not for a StatefulSet (`storage`), which
   * replaces its pods one at a time.
   * @default maxSurge '25%', maxUnavailable 1 with more than one replica (or an autoscaling floor above one), else 0
   */
  readonly rollingUpdate?: RollingUpdateSpec;
  /** Prometheus scraping through a ServiceMonitor. @default none */
  readonly metrics?: MetricsSpec;
  /** Paths that need to be writable (emptyDir each); the root filesystem is read-only. @default ['/tmp'] */
  readonly writablePaths?: readonly string[];
  /** Non-zero UID the container runs as. @default 10001 */
  readonly runAsUser?: number;
  /** `app.kubernetes.io/component`. @default none */
  readonly component?: string;
  /** `app.kubernetes.io/part-of`. @default none */
  readonly partOf?: string;
  /** `app.kubernetes.io/managed-by`. @default none */
  readonly managedBy?: string;
  /** Extra metadata labels on every object (not on selectors). @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the workload object (Deployment or StatefulSet). @default none */
  readonly workloadAnnotations?: Readonly<Record<string, string>>;
  /**
   * Annotations on the ClusterIP Service, e.g. `prometheus.io/scrape` for a Prometheus that
   * discovers targets by annotation rather than by ServiceMonitor. @default none
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /** Labels on the ServiceMonitor, for a Prometheus `serviceMonitorSelector`. @default none */
  readonly serviceMonitorLabels?: Readonly<Record<string, string>>;
  /**
   * Services this one calls. Each adds the env var with the callee's FQDN URL, an egress
   * rule here and an ingress rule on the callee, for that one port. Use {@link ServiceWorkload.connect}
   * for calls declared later (cycles). @default none
   */
  readonly dependencies?: readonly Dependency[];
}

/** A call from one service to another, declared on the caller. */
export interface Dependency extends ConnectOptions {
  /** The callee: a typed reference, never a name. */
  readonly service: ServiceWorkload;
}

/** Options of {@link ServiceWorkload.connect}. */
export interface ConnectOptions {
  /** Name of the callee's port. @default the callee's first port */
  readonly port?: string;
  /** Env var that receives the callee's FQDN URL. @default none */
  readonly env?: string;
}

const PERCENT = /^(100|[1-9]?[0-9])%$/;

/** What the checks resolve once, for the construct to use. */
export interface CheckedServiceProps {
  /** How messages name the service: `service "iam-service"`. */
  readonly owner: string;
  readonly hpa?: AutoscalingSpec;
  /** The replica count below which the service never goes (PDB, spreading, rollout bounds). */
  readonly replicasFloor: number;
  readonly rollingUpdate: Required<RollingUpdateSpec>;
}

/** Validates a declaration at construction; each message names the service, the prop and the value. */
export function checkServiceProps(props: ServiceWorkloadProps): CheckedServiceProps {
  const owner = `service "${props.name}"`;
  assertDnsLabel('service name', props.name);
  assertDnsLabel(`${owner}: namespace`, props.namespace);
  if (props.ports.length === 0) throw new Error(`${owner}: 'ports' must list at least one port`);
  for (const p of props.ports) {
    assertDnsLabel(`${owner}: port name`, p.name, 15);
    for (const n of [p.port, p.targetPort ?? p.port]) {
      if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${owner}: port "${p.name}" (${n}) must be an integer from 1 to 65535`);
    }
  }
  if (!Number.isInteger(props.replicas) || props.replicas < 1) {
    throw new Error(`${owner}: 'replicas' (${props.replicas}) must be an integer of at least 1`);
  }
  const hpa = props.autoscaling;
  if (hpa && !(Number.isInteger(hpa.minReplicas) && hpa.minReplicas >= 1 && hpa.maxReplicas >= hpa.minReplicas)) {
    throw new Error(`${owner}: 'autoscaling.minReplicas' (${hpa.minReplicas}) must be at least 1 and at most 'autoscaling.maxReplicas' (${hpa.maxReplicas})`);
  }
  if (props.storage) assertQuantity(owner, 'storage.size', props.storage.size);
  const replicasFloor = hpa ? hpa.minReplicas : props.replicas;
  if (props.rollingUpdate && props.storage) {
    throw new Error(`${owner}: 'rollingUpdate' applies to a Deployment; with 'storage' the workload is a StatefulSet, which replaces one pod at a time`);
  }
  const rollingUpdate = {
    maxSurge: props.rollingUpdate?.maxSurge ?? '25%',
    maxUnavailable: props.rollingUpdate?.maxUnavailable ?? (replicasFloor > 1 ? 1 : 0),
  };
  if (props.rollingUpdate) assertRollingUpdate(owner, rollingUpdate);
  assertProbePorts(owner, { readiness: props.readiness, liveness: props.liveness, startup: props.startup }, props.ports);
  if (props.metrics && !props.ports.some((p) => p.name === props.metrics!.port)) {
    throw new Error(`${owner}: metrics port "${props.metrics.port}" is not one of the exposed ports (${props.ports.map((p) => p.name).join(', ')})`);
  }
  return { owner, hpa, replicasFloor, rollingUpdate };
}

/** Checks resolved rolling-update bounds: each a count or a percentage, not both zero. */
function assertRollingUpdate(owner: string, r: Required<RollingUpdateSpec>): void {
  for (const field of ['maxSurge', 'maxUnavailable'] as const) {
    const v = r[field];
    const ok = typeof v === 'number' ? Number.isInteger(v) && v >= 0 : PERCENT.test(v);
    if (!ok) throw new Error(`${owner}: 'rollingUpdate.${field}' (${JSON.stringify(v)}) must be a non-negative integer or a percentage such as '25%'`);
  }
  const zero = (v: number | string) => v === 0 || v === '0%';
  if (zero(r.maxSurge) && zero(r.maxUnavailable)) {
    throw new Error(`${owner}: 'rollingUpdate.maxSurge' (${JSON.stringify(r.maxSurge)}) and 'rollingUpdate.maxUnavailable' (${JSON.stringify(r.maxUnavailable)}) cannot both be 0: the rollout could never replace a pod`);
  }
}
