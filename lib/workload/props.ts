/**
 * The declaration a ServiceWorkload is built from, the small interface other services and
 * collectors see it through, and the checks a declaration passes at construction.
 */
import { isDns1035Label, isDnsLabel, isEnvVarName, isPort, isPortName } from '../k8s/formats';
import type { NetworkPeer, PeerPort } from '../network/network-policy';
import type { NodePool } from '../node-pool';
import {
  type AutoscalingSpec,
  type ConfigMapMount,
  type ContainerImage,
  type MetricsSpec,
  type ProbeSpec,
  type ResourceSpec,
  type RollingUpdateSpec,
  type SecretKeyRef,
  type SecretMount,
  type ServicePortSpec,
  type SidecarSpec,
  type StorageSpec,
  assertQuantity,
} from './spec';

/** A service as its callers, flows and collectors see it. */
export interface IService {
  readonly name: string;
  readonly namespace: string;
  readonly ports: readonly ServicePortSpec[];
  /** The service's pods, as a network peer. */
  readonly peer: NetworkPeer;
  /** The in-cluster FQDN URL of one of its ports (default: the first). */
  url(portName?: string): string;
  /** One of its ports, by name (default: the first). */
  port(portName?: string): ServicePortSpec;
  /** Lets `peer` open connections to its pods on the given ports (names or pod ports). */
  allowIngressFrom(peer: NetworkPeer, ports: readonly (PeerPort | string)[]): void;
}

/** A call from one service to another, declared on the caller. */
export interface Dependency extends ConnectOptions {
  /** The callee: a typed reference, never a name. */
  readonly service: IService;
}

/** Options of a call. */
export interface ConnectOptions {
  /** Name of the callee's port. @default the callee's first port */
  readonly port?: string;
  /** Env var that receives the callee's FQDN URL. @default none */
  readonly env?: string;
}

/** One typed declaration of a service. */
export interface ServiceWorkloadProps {
  /** Name of every object the service renders (Deployment, Service, ServiceAccount, ...). @default the construct id */
  readonly name?: string;
  readonly namespace: string;
  readonly image: ContainerImage;
  /** Ports the service exposes; the first is the primary one. */
  readonly ports: readonly ServicePortSpec[];
  /** A fixed replica count. Exactly one of `replicas` and `autoscaling` is given. */
  readonly replicas?: number;
  /** An HPA that owns the replica count (the Deployment leaves `replicas` unset). */
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
   * read through `configMapKeyRef`. The pod template carries a hash of the data, so a
   * changed value rolls the pods. @default none (no ConfigMap)
   */
  readonly configEnv?: Readonly<Record<string, string>>;
  /** Env vars from Secret keys (`secretKeyRef`). @default none */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  /** Secrets mounted read-only. @default none */
  readonly secretMounts?: readonly SecretMount[];
  /** ConfigMaps mounted read-only (files the program reads). @default none */
  readonly configMapMounts?: readonly ConfigMapMount[];
  /** Annotations on the pod template (a checksum of a mounted ConfigMap, so that a change rolls the pods). @default none */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** @default the image's entrypoint */
  readonly command?: readonly string[];
  /** @default the image's arguments */
  readonly args?: readonly string[];
  /** @default none */
  readonly imagePullSecrets?: readonly string[];
  /** Azure Workload Identity: the managed identity's client ID. @default none */
  readonly workloadIdentity?: { readonly clientId: string };
  /** A persistent volume per replica; makes the workload a StatefulSet. @default none (Deployment) */
  readonly storage?: StorageSpec;
  /**
   * The Deployment's rolling-update bounds; not for a StatefulSet, which replaces one pod at a time.
   * @default maxSurge '25%', maxUnavailable 1 with more than one replica, else 0
   */
  readonly rollingUpdate?: RollingUpdateSpec;
  /** Prometheus scraping through a ServiceMonitor. @default none */
  readonly metrics?: MetricsSpec;
  /** Helper containers beside the main one (metrics exporters); their ports join the Service. @default none */
  readonly sidecars?: readonly SidecarSpec[];
  /** The main container's name. @default 'main' */
  readonly containerName?: string;
  /**
   * Mounts the ServiceAccount's token: for a workload that calls the Kubernetes API itself
   * (it then needs a Role of its own and egress to the API server). @default false
   */
  readonly serviceAccountToken?: boolean;
  /** Paths that need to be writable (an emptyDir each); the root filesystem is read-only. @default ['/tmp'] */
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
  /** Annotations on the ClusterIP Service (e.g. `prometheus.io/scrape`). @default none */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /** Services this one calls: each gives the callee's URL in an env var and the NetworkPolicies of that one port. @default none */
  readonly dependencies?: readonly Dependency[];
}

/** What the checks resolve once, for the constructs to use. */
export interface CheckedServiceProps {
  readonly name: string;
  /** How messages name the service: `service "iam-service"`. */
  readonly owner: string;
  /** The replica count below which the service never goes (PDB, spreading, rollout bounds). */
  readonly replicasFloor: number;
  readonly rollingUpdate: Required<RollingUpdateSpec>;
}

const PERCENT = /^(100|[1-9]?[0-9])%$/;

/** Validates a declaration at construction; each message names the service, the prop and the value. */
export function checkServiceProps(id: string, props: ServiceWorkloadProps): CheckedServiceProps {
  const name = props.name ?? id;
  const owner = `service "${name}"`;
  if (!isDns1035Label(name)) throw new Error(`${owner}: the name must be a DNS label that starts with a letter (it names the Service)`);
  if (!isDnsLabel(props.namespace)) throw new Error(`${owner}: namespace "${props.namespace}" must be a DNS label`);
  if (props.ports.length === 0) throw new Error(`${owner}: 'ports' must list at least one port`);
  for (const p of props.ports) {
    if (!isPortName(p.name))
      throw new Error(`${owner}: port name "${p.name}" must be an IANA service name (at most 15 lower-case letters, digits and '-', with a letter)`);
    for (const n of [p.port, p.targetPort ?? p.port]) {
      if (!isPort(n)) throw new Error(`${owner}: port "${p.name}" (${n}) must be an integer from 1 to 65535`);
    }
  }
  const hpa = props.autoscaling;
  if ((props.replicas === undefined) === (hpa === undefined)) {
    throw new Error(
      `${owner}: give exactly one of 'replicas' (${props.replicas}) and 'autoscaling' (${hpa ? `${hpa.minReplicas}-${hpa.maxReplicas}` : 'none'})`,
    );
  }
  if (props.replicas !== undefined && !(Number.isInteger(props.replicas) && props.replicas >= 1)) {
    throw new Error(`${owner}: 'replicas' (${props.replicas}) must be an integer of at least 1`);
  }
  if (hpa && !(Number.isInteger(hpa.minReplicas) && hpa.minReplicas >= 1 && hpa.maxReplicas >= hpa.minReplicas)) {
    throw new Error(`${owner}: 'autoscaling.minReplicas' (${hpa.minReplicas}) must be at least 1 and at most 'autoscaling.maxReplicas' (${hpa.maxReplicas})`);
  }
  if (props.storage) assertQuantity(owner, 'storage.size', props.storage.size);
  if (props.rollingUpdate && props.storage) {
    throw new Error(`${owner}: 'rollingUpdate' applies to a Deployment; with 'storage' the workload is a StatefulSet, which replaces one pod at a time`);
  }
  const replicasFloor = hpa ? hpa.minReplicas : props.replicas!;
  const rollingUpdate = {
    maxSurge: props.rollingUpdate?.maxSurge ?? '25%',
    maxUnavailable: props.rollingUpdate?.maxUnavailable ?? (replicasFloor > 1 ? 1 : 0),
  };
  if (props.rollingUpdate) assertRollingUpdate(owner, rollingUpdate);
  checkProbePorts(owner, { readiness: props.readiness, liveness: props.liveness, startup: props.startup }, props.ports);
  const exposed = exposedPorts(props);
  checkSidecars(owner, props, exposed);
  if (props.metrics && !exposed.some((p) => p.name === props.metrics!.port)) {
    throw new Error(`${owner}: metrics port "${props.metrics.port}" is not one of the exposed ports (${exposed.map((p) => p.name).join(', ')})`);
  }
  for (const key of [...Object.keys(props.env ?? {}), ...Object.keys(props.configEnv ?? {}), ...Object.keys(props.secretEnv ?? {})]) {
    if (!isEnvVarName(key)) throw new Error(`${owner}: env var name "${key}" must match [A-Za-z_][A-Za-z0-9_]*`);
  }
  return { name, owner, replicasFloor, rollingUpdate };
}

/** Every port the workload's Service exposes: its own, then its sidecars'. */
export function exposedPorts(props: Pick<ServiceWorkloadProps, 'ports' | 'sidecars'>): readonly ServicePortSpec[] {
  return [...props.ports, ...(props.sidecars ?? []).flatMap((s) => s.ports)];
}

/** Sidecar names and every port name are unique in the pod; sidecar probes name the sidecar's own ports. */
function checkSidecars(owner: string, props: ServiceWorkloadProps, exposed: readonly ServicePortSpec[]): void {
  const names = [props.containerName ?? 'main', ...(props.sidecars ?? []).map((s) => s.name)];
  for (const name of names) {
    if (!isDnsLabel(name)) throw new Error(`${owner}: container name "${name}" must be a DNS label`);
    if (names.indexOf(name) !== names.lastIndexOf(name)) throw new Error(`${owner}: two containers are named "${name}"`);
  }
  const portNames = exposed.map((p) => p.name);
  for (const p of exposed) {
    if (portNames.indexOf(p.name) !== portNames.lastIndexOf(p.name)) throw new Error(`${owner}: two ports of the pod are named "${p.name}"`);
    if (!isPortName(p.name) || !isPort(p.port) || !isPort(p.targetPort ?? p.port))
      throw new Error(`${owner}: port "${p.name}" (${p.port}) must be an IANA service name on a port from 1 to 65535`);
  }
  for (const s of props.sidecars ?? []) {
    if (s.ports.length === 0) throw new Error(`${owner}: sidecar "${s.name}" must serve at least one port`);
    checkProbePorts(`${owner} sidecar "${s.name}"`, { readiness: s.readiness, liveness: s.liveness }, s.ports);
    for (const key of [...Object.keys(s.env ?? {}), ...Object.keys(s.secretEnv ?? {})]) {
      if (!isEnvVarName(key)) throw new Error(`${owner}: sidecar "${s.name}" env var name "${key}" must match [A-Za-z_][A-Za-z0-9_]*`);
    }
  }
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
    throw new Error(
      `${owner}: 'rollingUpdate.maxSurge' (${JSON.stringify(r.maxSurge)}) and 'rollingUpdate.maxUnavailable' (${JSON.stringify(r.maxUnavailable)}) cannot both be 0: the rollout could never replace a pod`,
    );
  }
}

/** Checks a named probe port exists (http, tcp and grpc probes name a port). */
function checkProbePorts(owner: string, probes: Record<string, ProbeSpec | undefined>, ports: readonly ServicePortSpec[]): void {
  for (const [kind, spec] of Object.entries(probes)) {
    if (!spec) continue;
    const name = 'http' in spec ? spec.http.port : 'tcp' in spec ? spec.tcp.port : 'grpc' in spec ? spec.grpc.port : undefined;
    if (name !== undefined && !ports.some((p) => p.name === name)) {
      throw new Error(`${owner}: ${kind} probe port "${name}" is not one of the exposed ports (${ports.map((p) => p.name).join(', ')})`);
    }
  }
}
