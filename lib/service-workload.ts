import { createHash } from 'crypto';
import { Construct, Node } from 'constructs';
import {
  EnvVar,
  IntOrString,
  KubeConfigMap,
  KubeDeployment,
  KubeHorizontalPodAutoscalerV2,
  KubePodDisruptionBudget,
  KubeService,
  KubeServiceAccount,
  KubeStatefulSet,
  MetricSpecV2,
  Quantity,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { ServiceMonitor } from '../imports/prometheus-servicemonitors-monitoring.coreos.com';
import { appLabels, assertDnsLabel, selectorLabels } from './labels';
import { lazy } from './lazy';
import { CidrPeer, NetworkPeer, PeerPolicy, PeerPort, peerSelector } from './network-policy';
import { NodePool } from './node-pool';
import { assertProbePorts, podTemplate } from './pod-template';
import {
  AutoscalingSpec, ContainerImage, imageRef, MetricsSpec, ProbeSpec, ResourceSpec, RollingUpdateSpec, SecretKeyRef,
  SecretMount, ServicePortSpec, StorageSpec, assertQuantity,
} from './workload-spec';

/** The pod label that tells the AKS Workload Identity webhook to inject a federated token. */
export const WORKLOAD_IDENTITY_USE_LABEL = 'azure.workload.identity/use';
/** The ServiceAccount annotation that names the managed identity's client ID. */
export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';
/** The pod-template annotation holding a hash of `configEnv`, so that a changed value rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

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

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * A long-running service: Deployment (or StatefulSet with storage), Service,
 * ServiceAccount, optional HPA, PodDisruptionBudget and ServiceMonitor, and the
 * NetworkPolicies of the flows it takes part in. Selectors use only
 * `app.kubernetes.io/name` and `app.kubernetes.io/instance`.
 */
export class ServiceWorkload extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly ports: readonly ServicePortSpec[];
  /** Labels that select this service's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** This service's pods as a network peer. */
  public readonly peer: NetworkPeer;
  /** The metrics endpoint, when the service exposes one. */
  public readonly metrics?: MetricsSpec;
  /** The image pull secrets its pods name. */
  public readonly imagePullSecrets: readonly string[];

  private readonly env = new Map<string, EnvVar>();
  private readonly mounts: SecretMount[] = [];
  private readonly policies = new Map<string, PeerPolicy>();
  private readonly admitted = new Map<string, { peer: NetworkPeer; ports: PeerPort[] }>();
  private readonly metadataLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    super(scope, id);
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

    this.name = props.name;
    this.namespace = props.namespace;
    this.ports = props.ports;
    this.metrics = props.metrics;
    this.imagePullSecrets = props.imagePullSecrets ?? [];
    // The version label sits only on the workload and its pods, so that an image bump
    // changes one file of dist/ and not every object of the service.
    const labelProps = { name: props.name, component: props.component, partOf: props.partOf, managedBy: props.managedBy };
    const versionLabel = appLabels({ name: props.name, version: props.image.tag })['app.kubernetes.io/version'];
    this.selector = selectorLabels(labelProps);
    this.peer = { name: props.name, namespace: props.namespace, podLabels: this.selector };
    this.metadataLabels = { ...props.labels, ...appLabels(labelProps) };
    const metadata = (extra: Record<string, string> = {}) => ({
      name: props.name, namespace: props.namespace, labels: { ...this.metadataLabels, ...extra },
    });

    for (const [name, value] of Object.entries(props.env ?? {})) this.addEnv(name, { name, value });
    const configEnv = props.configEnv && Object.keys(props.configEnv).length > 0 ? sortedRecord(props.configEnv) : undefined;
    for (const key of Object.keys(configEnv ?? {})) {
      if (!ENV_NAME.test(key)) throw new Error(`${owner}: configEnv key "${key}" must be an env var name matching ${ENV_NAME.source}`);
      this.addEnv(key, { name: key, valueFrom: { configMapKeyRef: { name: props.name, key } } });
    }
    for (const [name, ref] of Object.entries(props.secretEnv ?? {})) {
      this.addEnv(name, { name, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } });
    }
    this.mounts.push(...(props.secretMounts ?? []));

    new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: {
        ...metadata(),
        annotations: props.workloadIdentity
          ? { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: props.workloadIdentity.clientId }
          : undefined,
      },
      automountServiceAccountToken: false,
    });

    const podLabels: Record<string, string> = { ...this.metadataLabels, 'app.kubernetes.io/version': versionLabel };
    if (props.workloadIdentity) podLabels[WORKLOAD_IDENTITY_USE_LABEL] = 'true';
    if (configEnv) new KubeConfigMap(this, 'ConfigMap', { metadata: metadata(), data: configEnv });
    const template = podTemplate({
      owner,
      labels: podLabels,
      annotations: configEnv ? { [CONFIG_CHECKSUM_ANNOTATION]: sha256(JSON.stringify(configEnv)) } : undefined,
      serviceAccountName: props.name,
      image: imageRef(owner, props.image),
      ports: props.ports,
      resources: props.resources,
      readiness: props.readiness,
      liveness: props.liveness,
      startup: props.startup,
      env: lazy(() => [...this.env.keys()].sort(byString).map((k) => this.env.get(k)!)),
      command: props.command,
      args: props.args,
      imagePullSecrets: props.imagePullSecrets ?? [],
      nodePool: props.nodePool,
      runAsUser: props.runAsUser ?? 10001,
      writablePaths: props.writablePaths ?? ['/tmp'],
      secretMounts: this.mounts,
      dataVolume: props.storage ? { name: 'data', mountPath: props.storage.mountPath } : undefined,
      topologySpread: replicasFloor > 1 || !!hpa,
      selector: { ...this.selector },
    });

    const servicePorts = props.ports.map((p) => ({
      name: p.name,
      port: p.port,
      targetPort: IntOrString.fromString(p.name),
      protocol: p.protocol ?? 'TCP',
      appProtocol: p.appProtocol,
    }));

    let workloadKind: string;
    if (props.storage) {
      workloadKind = 'StatefulSet';
      new KubeService(this, 'HeadlessService', {
        metadata: { ...metadata(), name: `${props.name}-headless` },
        spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector: { ...this.selector }, ports: servicePorts },
      });
      new KubeStatefulSet(this, 'StatefulSet', {
        metadata: { ...metadata({ 'app.kubernetes.io/version': versionLabel }), annotations: props.workloadAnnotations && { ...props.workloadAnnotations } },
        spec: {
          replicas: hpa ? undefined : props.replicas,
          serviceName: `${props.name}-headless`,
          selector: { matchLabels: { ...this.selector } },
          podManagementPolicy: 'OrderedReady',
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          updateStrategy: { type: 'RollingUpdate' },
          template,
          volumeClaimTemplates: [{
            metadata: { name: 'data', labels: { ...this.selector } },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: props.storage.storageClassName,
              resources: { requests: { storage: Quantity.fromString(props.storage.size) } },
            },
          }],
        },
      });
    } else {
      workloadKind = 'Deployment';
      new KubeDeployment(this, 'Deployment', {
        metadata: { ...metadata({ 'app.kubernetes.io/version': versionLabel }), annotations: props.workloadAnnotations && { ...props.workloadAnnotations } },
        spec: {
          replicas: hpa ? undefined : props.replicas,
          revisionHistoryLimit: 5,
          selector: { matchLabels: { ...this.selector } },
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: intOrString(rollingUpdate.maxSurge), maxUnavailable: intOrString(rollingUpdate.maxUnavailable) },
          },
          template,
        },
      });
    }
    new KubeService(this, 'Service', {
      metadata: { ...metadata(), annotations: props.serviceAnnotations && { ...props.serviceAnnotations } },
      spec: { type: 'ClusterIP', selector: { ...this.selector }, ports: servicePorts },
    });

    if (hpa) {
      const metrics: MetricSpecV2[] = [{
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: hpa.cpuUtilization ?? 70 } },
      }];
      if (hpa.memoryUtilization !== undefined) {
        metrics.push({
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: hpa.memoryUtilization } },
        });
      }
      new KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', {
        metadata: metadata(),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: workloadKind, name: props.name },
          minReplicas: hpa.minReplicas,
          maxReplicas: hpa.maxReplicas,
          metrics,
        },
      });
    }

    if (replicasFloor > 1) {
      new KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata: metadata(),
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: { ...this.selector } } },
      });
    }

    if (props.metrics) {
      new ServiceMonitor(this, 'ServiceMonitor', {
        metadata: metadata(props.serviceMonitorLabels ? { ...props.serviceMonitorLabels } : {}),
        spec: {
          selector: { matchLabels: { ...this.selector } },
          namespaceSelector: { matchNames: [props.namespace] },
          endpoints: [{ port: props.metrics.port, path: props.metrics.path ?? '/metrics', interval: props.metrics.interval ?? '30s' }],
        },
      });
    }

    for (const dep of props.dependencies ?? []) this.connect(dep?.service, dep ?? {});
  }

  /** The in-cluster FQDN URL of one of this service's ports. */
  public url(portName?: string): string {
    const port = this.port(portName);
    return `${port.scheme ?? 'http'}://${this.name}.${this.namespace}.svc.cluster.local:${port.port}`;
  }

  /** One of the exposed ports, by name (default: the first). */
  public port(portName?: string): ServicePortSpec {
    const port = portName === undefined ? this.ports[0] : this.ports.find((p) => p.name === portName);
    if (!port) throw new Error(`service "${this.name}" exposes no port named "${portName}" (it exposes: ${this.ports.map((p) => p.name).join(', ')})`);
    return port;
  }

  /**
   * Declares that this service calls `target`: adds the env var holding the target's URL,
   * an egress rule here and an ingress rule on the target, for that one port.
   */
  public connect(target: ServiceWorkload, options: ConnectOptions = {}): void {
    if (!(target instanceof ServiceWorkload)) {
      throw new Error(`service "${this.name}" depends on a value that is not a declared service: ${String(target)}`);
    }
    if (Node.of(target).root !== Node.of(this).root) {
      throw new Error(`service "${this.name}" depends on service "${target.name}", which is not declared in this platform (environment)`);
    }
    if (target === this) throw new Error(`service "${this.name}" cannot depend on itself`);
    const port = target.ports.find((p) => options.port === undefined || p.name === options.port);
    if (!port) {
      throw new Error(`service "${this.name}" depends on service "${target.name}" port "${options.port}", which "${target.name}" does not expose (it exposes: ${target.ports.map((p) => `${p.name} ${p.port}`).join(', ')})`);
    }
    if (options.env !== undefined) {
      if (!ENV_NAME.test(options.env)) throw new Error(`service "${this.name}": env var name "${options.env}" must match ${ENV_NAME.source}`);
      this.addEnv(options.env, { name: options.env, value: target.url(port.name) });
    }
    const podPort: PeerPort = { port: port.targetPort ?? port.port, protocol: port.protocol };
    this.allowEgressTo(target.peer, [podPort]);
    target.allowIngressFrom(this.peer, [podPort]);
  }

  /** Allows this service's pods to open connections to `peer` on `ports` (pod ports). */
  public allowEgressTo(peer: NetworkPeer, ports: readonly PeerPort[]): void {
    const policy = this.policy(`allow-${this.name}-to-${peer.name}`, 'Egress', peerSelector(this.namespace, peer));
    for (const p of ports) policy.addPort(p);
  }

  /** Allows `peer` to open connections to this service's pods on the named ports. */
  public allowIngressFrom(peer: NetworkPeer, ports: readonly (PeerPort | string)[]): void {
    const policy = this.policy(`allow-${this.name}-from-${peer.name}`, 'Ingress', peerSelector(this.namespace, peer));
    const key = `${peer.namespace}/${peer.name}`;
    const admitted = this.admitted.get(key) ?? { peer, ports: [] };
    this.admitted.set(key, admitted);
    for (const p of ports) {
      const podPort = typeof p === 'string'
        ? { port: this.port(p).targetPort ?? this.port(p).port, protocol: this.port(p).protocol }
        : p;
      policy.addPort(podPort);
      admitted.ports.push(podPort);
    }
  }

  /**
   * The pod ports this service admits `peer` on (through {@link allowIngressFrom}), so that
   * the peer's own egress rules can be derived from the same declarations.
   */
  public admittedPorts(peer: NetworkPeer): readonly PeerPort[] {
    return this.admitted.get(`${peer.namespace}/${peer.name}`)?.ports ?? [];
  }

  /** Allows egress to addresses outside the cluster, e.g. HTTPS to an Azure API. */
  public allowEgressToCidr(peer: CidrPeer, ports: readonly PeerPort[]): void {
    const policy = this.policy(`allow-${this.name}-to-${peer.name}`, 'Egress', {
      ipBlock: { cidr: peer.cidr, except: peer.except && [...peer.except] },
    });
    for (const p of ports) policy.addPort(p);
  }

  /** Adds a plain env var; names must be unique. */
  public addEnv(name: string, value: EnvVar): void {
    if (this.env.has(name)) throw new Error(`service "${this.name}": env var ${name} is declared twice`);
    this.env.set(name, value);
  }

  /** Every Secret key the pods read through `secretKeyRef`, sorted by secret and key. */
  public secretKeyRefs(): SecretKeyRef[] {
    const refs: SecretKeyRef[] = [];
    for (const v of this.env.values()) {
      const ref = v.valueFrom?.secretKeyRef;
      if (ref?.name) refs.push({ secret: ref.name, key: ref.key });
    }
    return refs.sort((a, b) => byString(a.secret, b.secret) || byString(a.key, b.key));
  }

  /** Secrets mounted as volumes. */
  public secretMounts(): readonly SecretMount[] {
    return [...this.mounts];
  }

  /** Mounts a Secret read-only. */
  public addSecretMount(mount: SecretMount): void {
    this.mounts.push(mount);
  }

  private policy(name: string, direction: 'Ingress' | 'Egress', peer: ReturnType<typeof peerSelector> | { ipBlock: { cidr: string; except?: string[] } }): PeerPolicy {
    let policy = this.policies.get(name);
    if (!policy) {
      policy = new PeerPolicy(this, name, {
        name, namespace: this.namespace, podLabels: this.selector, direction, peer, labels: { ...this.metadataLabels },
      });
      this.policies.set(name, policy);
    }
    return policy;
  }
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRecord(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(r).sort(byString).map((k) => [k, r[k]]));
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const PERCENT = /^(100|[1-9]?[0-9])%$/;

function intOrString(v: number | string): IntOrString {
  return typeof v === 'number' ? IntOrString.fromNumber(v) : IntOrString.fromString(v);
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
