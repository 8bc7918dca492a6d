import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { type Container, KubeNetworkPolicy, KubeServiceAccount, type PodTemplateSpec } from '../../imports/k8s';
import { PodMonitor } from '../../imports/prometheus-podmonitors-monitoring.coreos.com';
import { isDnsLabel } from '../k8s/formats';
import type { CidrPeer, NetworkPeer, PeerPort } from '../network/network-policy';
import { type NodePool, placementFor } from '../node-pool';
import { restrictedPodSecurityContext } from '../security';
import { resourceRequirements } from '../workload/pod-template';
import { WorkloadPolicies } from '../workload/policies';
import type { IService } from '../workload/props';
import type { ResourceSpec, ServicePortSpec } from '../workload/spec';
import { RAY_CLUSTER_GVK, rayClusterSpecJson, type RayClusterSpec, type WorkerGroupSpec } from './spec';

/** The `rayproject/ray` images' user and group (`ray`, uid 1000, gid 100). */
const RAY_UID = 1000;
const RAY_GID = 100;
/** Where every Ray pod serves its metrics (KubeRay sets `metrics-export-port` to it). */
export const RAY_METRICS_PORT = 8080;
/** The head's ports, which KubeRay's head Service exposes: the first is the primary one. */
const RAY_HEAD_PORTS: readonly ServicePortSpec[] = [
  { name: 'client', port: 10001, scheme: 'ray' },
  { name: 'dashboard', port: 8265 },
  { name: 'gcs-server', port: 6379 },
];

/** One worker group. */
export interface RayWorkerGroupProps {
  readonly groupName: string;
  readonly image: string;
  readonly nodePool: NodePool;
  /** Per worker; extended resources (`nvidia.com/gpu`) are requested and limited alike, and Ray counts them from the limits. */
  readonly resources: ResourceSpec;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** Props of {@link RayCluster}. */
export interface RayClusterProps {
  readonly name: string;
  readonly namespace: string;
  readonly rayVersion: string;
  readonly head: { readonly image: string; readonly nodePool: NodePool; readonly resources: ResourceSpec };
  readonly workerGroups: readonly RayWorkerGroupProps[];
  /** Seconds a worker is idle before the autoscaler removes it. */
  readonly idleTimeoutSeconds: number;
  /** The API server, which the head's autoscaler calls to scale the worker groups. */
  readonly apiServer: CidrPeer;
  /** Metadata labels of every object (and the pods). @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default none */
  readonly imagePullSecrets?: readonly string[];
}

/**
 * A Ray cluster run by KubeRay, as a typed service: a head (GCS, dashboard, autoscaler; it
 * runs no tasks) and autoscaled worker groups, every pod within Pod Security `restricted`
 * and placed on its pool. Callers declare it as a dependency like any service (the Ray
 * client port first); its flows render as NetworkPolicies: the callers to the head, every
 * pod of the cluster to every other (Ray's object transfers and workers use many ports),
 * the autoscaler to the API server, Prometheus to every pod's metrics.
 */
export class RayCluster extends Construct implements IService {
  public readonly name: string;
  public readonly namespace: string;
  public readonly ports = RAY_HEAD_PORTS;
  /** The head pod (KubeRay's head Service selects it). */
  public readonly peer: NetworkPeer;
  /** Every pod of the cluster. */
  public readonly pods: NetworkPeer;
  private readonly head: WorkloadPolicies;
  private readonly all: WorkloadPolicies;
  private readonly labels: Record<string, string>;

  constructor(scope: Construct, id: string, props: RayClusterProps) {
    super(scope, id);
    const owner = `Ray cluster "${props.name}"`;
    // KubeRay names the head Service <name>-head-svc, a DNS label
    if (!isDnsLabel(`${props.name}-head-svc`) || !isDnsLabel(props.namespace))
      throw new Error(`${owner}: the name and namespace "${props.namespace}" must be short DNS labels`);
    for (const w of props.workerGroups) {
      if (!(Number.isInteger(w.minReplicas) && w.minReplicas >= 0 && w.maxReplicas >= Math.max(1, w.minReplicas))) {
        throw new Error(
          `${owner}: worker group "${w.groupName}" needs 0 <= minReplicas (${w.minReplicas}) <= maxReplicas (${w.maxReplicas}) and maxReplicas >= 1`,
        );
      }
    }
    this.name = props.name;
    this.namespace = props.namespace;
    const clusterLabel = { 'ray.io/cluster': props.name };
    this.pods = { name: props.name, namespace: props.namespace, podLabels: clusterLabel };
    this.peer = { name: `${props.name}-head`, namespace: props.namespace, podLabels: { ...clusterLabel, 'ray.io/node-type': 'head' } };
    const labels = { ...props.labels };
    this.labels = labels;
    const autoscaling = props.workerGroups.some((w) => w.maxReplicas > w.minReplicas);

    // the head's autoscaler uses it, with the Role KubeRay binds to it; workers mount no token
    new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: props.name, namespace: props.namespace, labels }, automountServiceAccountToken: false });
    const pod = (
      component: string,
      image: string,
      pool: NodePool,
      resources: ResourceSpec,
      ports: readonly ServicePortSpec[],
      token: boolean,
    ): PodTemplateSpec => {
      const placement = placementFor(pool);
      const container: Container = {
        // KubeRay requires the Ray container first, and wraps its command in `ray start`
        name: component,
        image,
        imagePullPolicy: 'IfNotPresent',
        ports: [...ports, { name: 'metrics', port: RAY_METRICS_PORT }].map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
        resources: resourceRequirements(owner, resources),
        securityContext: rayContainerSecurity(),
        // Ray's session files, sockets and logs; KubeRay reuses a volume of this name
        volumeMounts: [{ name: 'ray-logs', mountPath: '/tmp/ray' }],
      };
      return {
        metadata: { labels: { ...labels, 'app.kubernetes.io/component': component } },
        spec: {
          automountServiceAccountToken: token,
          containers: [container],
          enableServiceLinks: false,
          imagePullSecrets: (props.imagePullSecrets ?? []).map((name) => ({ name })),
          nodeSelector: placement.nodeSelector,
          securityContext: restrictedPodSecurityContext({ runAsUser: RAY_UID, runAsGroup: RAY_GID }),
          serviceAccountName: props.name,
          tolerations: placement.tolerations,
          volumes: [{ name: 'ray-logs', emptyDir: {} }],
        },
      };
    };
    const workerGroupSpecs: WorkerGroupSpec[] = props.workerGroups.map((w) => ({
      groupName: w.groupName,
      replicas: w.minReplicas,
      minReplicas: w.minReplicas,
      maxReplicas: w.maxReplicas,
      rayStartParams: {},
      template: pod('ray-worker', w.image, w.nodePool, w.resources, [], false),
    }));
    const spec: RayClusterSpec = {
      rayVersion: props.rayVersion,
      enableInTreeAutoscaling: autoscaling,
      autoscalerOptions: autoscaling
        ? {
            idleTimeoutSeconds: props.idleTimeoutSeconds,
            upscalingMode: 'Default',
            resources: resourceRequirements(owner, { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '512Mi' } }),
            securityContext: rayContainerSecurity(),
          }
        : undefined,
      // num-cpus 0: the head schedules no tasks, so a heavy job cannot starve the GCS
      headGroupSpec: {
        rayStartParams: { 'num-cpus': '0' },
        template: pod('ray-head', props.head.image, props.head.nodePool, props.head.resources, RAY_HEAD_PORTS, autoscaling),
      },
      workerGroupSpecs,
    };
    new ApiObject(this, 'Resource', { ...RAY_CLUSTER_GVK, metadata: { name: props.name, namespace: props.namespace, labels }, spec: rayClusterSpecJson(spec) });

    this.head = new WorkloadPolicies(this, 'HeadPolicies', { name: `${props.name}-head`, namespace: props.namespace, selector: this.peer.podLabels, labels });
    this.all = new WorkloadPolicies(this, 'Policies', { name: props.name, namespace: props.namespace, selector: clusterLabel, labels });
    new KubeNetworkPolicy(this, 'Internal', {
      metadata: { name: `allow-${props.name}-internal`, namespace: props.namespace, labels },
      spec: {
        podSelector: { matchLabels: clusterLabel },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: { matchLabels: clusterLabel } }] }],
        egress: [{ to: [{ podSelector: { matchLabels: clusterLabel } }] }],
      },
    });
    if (autoscaling) this.head.allowEgressToCidr(props.apiServer, [{ port: 443 }]);
  }

  /** The head Service's FQDN URL of one of its ports (the Ray client's `ray://` by default). */
  public url(portName?: string): string {
    const port = this.port(portName);
    return `${port.scheme ?? 'http'}://${this.name}-head-svc.${this.namespace}.svc.cluster.local:${port.port}`;
  }

  public port(portName?: string): ServicePortSpec {
    const port = portName === undefined ? this.ports[0] : this.ports.find((p) => p.name === portName);
    if (!port) throw new Error(`Ray cluster "${this.name}" exposes no port named "${portName}" (it exposes: ${this.ports.map((p) => p.name).join(', ')})`);
    return port;
  }

  /** Lets `peer` open connections to the head on the given ports (names or pod ports). */
  public allowIngressFrom(peer: NetworkPeer, ports: readonly (PeerPort | string)[]): void {
    this.head.allowIngressFrom(
      peer,
      ports.map((p) => (typeof p === 'string' ? { port: this.port(p).port } : p)),
    );
  }

  /** The head ports `peer` is admitted on. */
  public admittedPorts(peer: NetworkPeer): readonly PeerPort[] {
    return this.head.admittedPorts(peer);
  }

  /** Has `peer` (Prometheus) scrape every pod's metrics, through a PodMonitor in the cluster's namespace. */
  public scrapedBy(peer: NetworkPeer): void {
    this.all.allowIngressFrom(peer, [{ port: RAY_METRICS_PORT }]);
    new PodMonitor(this, 'Monitor', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...this.labels } },
      spec: {
        selector: { matchLabels: { ...this.pods.podLabels } },
        namespaceSelector: { matchNames: [this.namespace] },
        podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
      },
    });
  }

  /** Lets every pod of the cluster reach addresses outside it (model and data downloads). */
  public allowEgressToCidr(peer: CidrPeer, ports: readonly PeerPort[]): void {
    this.all.allowEgressToCidr(peer, ports);
  }
}

/** `restricted`, with a writable root filesystem: Ray writes under /home/ray and /tmp. */
function rayContainerSecurity() {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    runAsGroup: RAY_GID,
    runAsNonRoot: true,
    runAsUser: RAY_UID,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
