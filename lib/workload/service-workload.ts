import { createHash } from 'crypto';
import { Construct, Node } from 'constructs';
import { type EnvVar, KubeConfigMap, KubeServiceAccount } from '../../imports/k8s';
import { isEnvVarName } from '../k8s/formats';
import { appLabels, selectorLabels } from '../labels';
import type { CidrPeer, NetworkPeer, PeerPort } from '../network/network-policy';
import type { NodePool } from '../node-pool';
import { Autoscaler } from './autoscaler';
import { WorkloadController } from './controller';
import { DisruptionBudget } from './disruption-budget';
import { WorkloadMonitor } from './monitor';
import { podTemplate } from './pod-template';
import { WorkloadPolicies } from './policies';
import { checkServiceProps, type ConnectOptions, exposedPorts, type IService, type ServiceWorkloadProps } from './props';
import { WorkloadService } from './service';
import { imageRef, type MetricsSpec, type SecretKeyRef, type SecretMount, type ServicePortSpec, type SidecarSpec } from './spec';

/** The pod label that tells the AKS Workload Identity webhook to inject a federated token. */
export const WORKLOAD_IDENTITY_USE_LABEL = 'azure.workload.identity/use';
/** The ServiceAccount annotation that names the managed identity's client ID. */
export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';
/** The pod-template annotation holding a hash of `configEnv`, so that a changed value rolls the pods. */
const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/**
 * A long-running service, from one declaration: its controller (Deployment, or StatefulSet
 * with storage), Service, ServiceAccount, HPA, PodDisruptionBudget, ServiceMonitor and the
 * NetworkPolicies of the flows it takes part in, each from a construct of its own. Selectors
 * use only `app.kubernetes.io/name` and `app.kubernetes.io/instance`.
 */
export class ServiceWorkload extends Construct implements IService {
  public readonly name: string;
  public readonly namespace: string;
  /** The ports other services call (the main container's). */
  public readonly ports: readonly ServicePortSpec[];
  /** Every port of its Service: its own, then its sidecars' (metrics exporters). */
  public readonly exposedPorts: readonly ServicePortSpec[];
  /** Its helper containers. */
  public readonly sidecars: readonly SidecarSpec[];
  /** Labels that select this service's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  public readonly peer: NetworkPeer;
  /** The metrics endpoint, when the service exposes one. */
  public readonly metrics?: MetricsSpec;
  /** The image pull secrets its pods name. */
  public readonly imagePullSecrets: readonly string[];
  /** The most replicas it runs (the HPA's maximum, or the fixed count). */
  public readonly maxReplicas: number;
  /** The node pool its pods run on. */
  public readonly nodePool: NodePool;
  /** Its controller's kind. */
  public readonly kind: 'Deployment' | 'StatefulSet';
  /** Whether an HPA owns its replica count. */
  public readonly autoscaled: boolean;

  private readonly env = new Map<string, EnvVar>();
  private readonly mounts: SecretMount[] = [];
  private readonly policies: WorkloadPolicies;

  constructor(scope: Construct, id: string, props: ServiceWorkloadProps) {
    super(scope, id);
    const { name, owner, replicasFloor, rollingUpdate } = checkServiceProps(id, props);
    this.name = name;
    this.namespace = props.namespace;
    this.ports = props.ports;
    this.exposedPorts = exposedPorts(props);
    this.sidecars = props.sidecars ?? [];
    this.metrics = props.metrics;
    this.imagePullSecrets = props.imagePullSecrets ?? [];
    this.maxReplicas = props.autoscaling?.maxReplicas ?? props.replicas!;
    this.nodePool = props.nodePool;
    this.kind = props.storage ? 'StatefulSet' : 'Deployment';
    this.autoscaled = props.autoscaling !== undefined;
    // The version label sits only on the workload and its pods, so that an image bump
    // changes one file of dist/ and not every object of the service.
    const labelProps = { name, component: props.component, partOf: props.partOf, managedBy: props.managedBy };
    const versionLabel = appLabels({ name, version: props.image.tag })['app.kubernetes.io/version'];
    this.selector = selectorLabels(labelProps);
    this.peer = { name, namespace: props.namespace, podLabels: this.selector };
    const labels = { ...props.labels, ...appLabels(labelProps) };
    const common = { name, namespace: props.namespace, labels };

    for (const [k, value] of Object.entries(props.env ?? {})) this.addEnv(k, { name: k, value });
    const configEnv = props.configEnv && Object.keys(props.configEnv).length > 0 ? sortedRecord(props.configEnv) : undefined;
    for (const k of Object.keys(configEnv ?? {})) this.addEnv(k, { name: k, valueFrom: { configMapKeyRef: { name, key: k } } });
    for (const [k, ref] of Object.entries(props.secretEnv ?? {})) this.addEnv(k, { name: k, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } });
    this.mounts.push(...(props.secretMounts ?? []));

    new KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { ...common, annotations: props.workloadIdentity ? { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: props.workloadIdentity.clientId } : undefined },
      automountServiceAccountToken: false,
    });
    if (configEnv) new KubeConfigMap(this, 'ConfigMap', { metadata: common, data: configEnv });

    const podLabels: Record<string, string> = { ...labels, 'app.kubernetes.io/version': versionLabel };
    if (props.workloadIdentity) podLabels[WORKLOAD_IDENTITY_USE_LABEL] = 'true';
    const template = podTemplate({
      owner,
      labels: podLabels,
      annotations:
        configEnv || props.podAnnotations
          ? { ...props.podAnnotations, ...(configEnv ? { [CONFIG_CHECKSUM_ANNOTATION]: sha256(JSON.stringify(configEnv)) } : {}) }
          : undefined,
      serviceAccountName: name,
      image: imageRef(owner, props.image),
      ports: props.ports,
      resources: props.resources,
      readiness: props.readiness,
      liveness: props.liveness,
      startup: props.startup,
      env: () => [...this.env.keys()].sort(byString).map((k) => this.env.get(k)!),
      command: props.command,
      args: props.args,
      imagePullSecrets: this.imagePullSecrets,
      nodePool: props.nodePool,
      runAsUser: props.runAsUser ?? 10001,
      writablePaths: props.writablePaths ?? ['/tmp'],
      secretMounts: () => this.mounts,
      dataVolume: props.storage ? { name: 'data', mountPath: props.storage.mountPath } : undefined,
      topologySpread: replicasFloor > 1 || props.autoscaling !== undefined,
      selector: { ...this.selector },
      containerName: props.containerName,
      sidecars: props.sidecars,
      serviceAccountToken: props.serviceAccountToken,
      configMapMounts: props.configMapMounts,
    });
    const controller = new WorkloadController(this, 'Controller', {
      ...common,
      labels: { ...labels, 'app.kubernetes.io/version': versionLabel },
      selector: this.selector,
      template,
      replicas: props.replicas,
      storage: props.storage,
      rollingUpdate,
      annotations: props.workloadAnnotations,
    });
    new WorkloadService(this, 'Service', {
      ...common,
      selector: this.selector,
      ports: this.exposedPorts,
      annotations: props.serviceAnnotations,
      headless: props.storage !== undefined,
    });
    if (props.autoscaling) new Autoscaler(this, 'Autoscaler', { ...common, target: { kind: controller.kind, name }, spec: props.autoscaling });
    if (replicasFloor > 1) new DisruptionBudget(this, 'DisruptionBudget', { ...common, selector: this.selector, replicasFloor });
    if (props.metrics) new WorkloadMonitor(this, 'Monitor', { ...common, selector: this.selector, metrics: props.metrics });
    this.policies = new WorkloadPolicies(this, 'Policies', { name, namespace: props.namespace, selector: this.selector, labels });

    for (const dep of props.dependencies ?? []) this.connect(dep.service, dep);
  }

  /** The in-cluster FQDN URL of one of this service's ports. */
  public url(portName?: string): string {
    const port = this.port(portName);
    return `${port.scheme ?? 'http'}://${this.name}.${this.namespace}.svc.cluster.local:${port.port}`;
  }

  /** One of the exposed ports, a sidecar's included, by name (default: the first). */
  public port(portName?: string): ServicePortSpec {
    const port = portName === undefined ? this.ports[0] : this.exposedPorts.find((p) => p.name === portName);
    if (!port) throw new Error(`service "${this.name}" exposes no port named "${portName}" (it exposes: ${this.exposedPorts.map((p) => p.name).join(', ')})`);
    return port;
  }

  /**
   * Declares that this service calls `target`: the env var holding the target's URL, an
   * egress rule here and an ingress rule on the target, for that one port.
   */
  public connect(target: IService, options: ConnectOptions = {}): void {
    if (!target || typeof target.allowIngressFrom !== 'function') {
      throw new Error(`service "${this.name}" depends on a value that is not a declared service (got ${target === null ? 'null' : typeof target})`);
    }
    if (target instanceof Construct && Node.of(target).root !== Node.of(this).root) {
      throw new Error(`service "${this.name}" depends on service "${target.name}", which is not declared in this environment`);
    }
    if (target === this) throw new Error(`service "${this.name}" cannot depend on itself`);
    const port = target.ports.find((p) => options.port === undefined || p.name === options.port);
    if (!port) {
      throw new Error(
        `service "${this.name}" depends on service "${target.name}" port "${options.port}", which "${target.name}" does not expose (it exposes: ${target.ports.map((p) => `${p.name} ${p.port}`).join(', ')})`,
      );
    }
    if (options.env !== undefined) this.addEnv(options.env, { name: options.env, value: target.url(port.name) });
    const podPort: PeerPort = { port: port.targetPort ?? port.port, protocol: port.protocol };
    this.allowEgressTo(target.peer, [podPort]);
    target.allowIngressFrom(this.peer, [podPort]);
  }

  /** Allows this service's pods to open connections to `peer` on `ports` (pod ports). */
  public allowEgressTo(peer: NetworkPeer, ports: readonly PeerPort[]): void {
    this.policies.allowEgressTo(peer, ports);
  }

  /** Allows `peer` to open connections to this service's pods on the given ports (names or pod ports). */
  public allowIngressFrom(peer: NetworkPeer, ports: readonly (PeerPort | string)[]): void {
    this.policies.allowIngressFrom(
      peer,
      ports.map((p) => {
        if (typeof p !== 'string') return p;
        const port = this.port(p);
        return { port: port.targetPort ?? port.port, protocol: port.protocol };
      }),
    );
  }

  /** The pod ports this service admits `peer` on, so the peer's own egress can be derived from them. */
  public admittedPorts(peer: NetworkPeer): readonly PeerPort[] {
    return this.policies.admittedPorts(peer);
  }

  /** Allows egress to addresses outside the cluster, e.g. HTTPS to an Azure API. */
  public allowEgressToCidr(peer: CidrPeer, ports: readonly PeerPort[]): void {
    this.policies.allowEgressToCidr(peer, ports);
  }

  /** Adds an env var; names must be unique. */
  public addEnv(name: string, value: EnvVar): void {
    if (!isEnvVarName(name)) throw new Error(`service "${this.name}": env var name "${name}" must match [A-Za-z_][A-Za-z0-9_]*`);
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
    for (const sc of this.sidecars) refs.push(...Object.values(sc.secretEnv ?? {}));
    if (this.metrics?.bearerToken) refs.push(this.metrics.bearerToken);
    if (this.metrics?.basicAuthUser) refs.push(this.metrics.basicAuthUser);
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
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRecord(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(r)
      .sort(byString)
      .map((k) => [k, r[k]]),
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
