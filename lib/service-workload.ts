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
} from '../imports/k8s';
import { ServiceMonitor } from '../imports/prometheus-servicemonitors-monitoring.coreos.com';
import { appLabels, selectorLabels } from './labels';
import { lazy } from './lazy';
import { CidrPeer, NetworkPeer, PeerPolicy, PeerPort, peerSelector } from './network-policy';
import { podTemplate } from './pod-template';
import { checkServiceProps, ConnectOptions, ServiceWorkloadProps } from './service-workload-props';
import { imageRef, MetricsSpec, SecretKeyRef, SecretMount, ServicePortSpec } from './workload-spec';

export type { ConnectOptions, Dependency, ServiceWorkloadProps } from './service-workload-props';

/** The pod label that tells the AKS Workload Identity webhook to inject a federated token. */
export const WORKLOAD_IDENTITY_USE_LABEL = 'azure.workload.identity/use';
/** The ServiceAccount annotation that names the managed identity's client ID. */
export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = 'azure.workload.identity/client-id';
/** The pod-template annotation holding a hash of `configEnv`, so that a changed value rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

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
    const { owner, hpa, replicasFloor, rollingUpdate } = checkServiceProps(props);

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

function intOrString(v: number | string): IntOrString {
  return typeof v === 'number' ? IntOrString.fromNumber(v) : IntOrString.fromString(v);
}
