import { Construct } from 'constructs';
import { isDnsLabel } from '../k8s/formats';
import type { CidrPeer, NetworkPeer, PeerPort } from '../network/network-policy';
import { WorkloadPolicies } from './policies';
import type { IService } from './props';
import type { ServicePortSpec } from './spec';

/** Props of {@link ChartService}. */
export interface ChartServiceProps {
  /** The Service the chart renders. */
  readonly name: string;
  readonly namespace: string;
  /** The Service's ports; `targetPort` is the pod port the policies open. The first is the primary one. */
  readonly ports: readonly ServicePortSpec[];
  /** Labels the chart gives the pods behind the Service. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Metadata labels of the NetworkPolicies. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Service whose pods an upstream Helm chart renders (Temporal's frontend, say), as the
 * platform's services see it: a typed callee for their dependencies. The chart's objects are
 * not rendered here; the flows its pods take part in are, as NetworkPolicies beside the
 * chart's namespace, one per peer and direction like a ServiceWorkload's.
 */
export class ChartService extends Construct implements IService {
  public readonly name: string;
  public readonly namespace: string;
  public readonly ports: readonly ServicePortSpec[];
  public readonly peer: NetworkPeer;
  private readonly policies: WorkloadPolicies;

  constructor(scope: Construct, id: string, props: ChartServiceProps) {
    super(scope, id);
    const owner = `chart service "${props.name}"`;
    if (!isDnsLabel(props.name) || !isDnsLabel(props.namespace)) throw new Error(`${owner}: the name and namespace "${props.namespace}" must be DNS labels`);
    if (props.ports.length === 0) throw new Error(`${owner}: 'ports' must list at least one port`);
    if (Object.keys(props.podLabels).length === 0)
      throw new Error(`${owner}: 'podLabels' must select its pods (an empty selector selects every pod of the namespace)`);
    this.name = props.name;
    this.namespace = props.namespace;
    this.ports = props.ports;
    this.peer = { name: props.name, namespace: props.namespace, podLabels: props.podLabels };
    this.policies = new WorkloadPolicies(this, 'Policies', {
      name: props.name,
      namespace: props.namespace,
      selector: props.podLabels,
      labels: props.labels ?? {},
    });
  }

  /** `scheme://host:port`, or `host:port` for a port without a scheme (a gRPC target such as Temporal's). */
  public url(portName?: string): string {
    const port = this.port(portName);
    const host = `${this.name}.${this.namespace}.svc.cluster.local:${port.port}`;
    return port.scheme ? `${port.scheme}://${host}` : host;
  }

  public port(portName?: string): ServicePortSpec {
    const port = portName === undefined ? this.ports[0] : this.ports.find((p) => p.name === portName);
    if (!port) throw new Error(`service "${this.name}" exposes no port named "${portName}" (it exposes: ${this.ports.map((p) => p.name).join(', ')})`);
    return port;
  }

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

  /** The pod ports `peer` is admitted on. */
  public admittedPorts(peer: NetworkPeer): readonly PeerPort[] {
    return this.policies.admittedPorts(peer);
  }

  /** Lets the chart's pods behind this Service open connections to `peer`. */
  public allowEgressTo(peer: NetworkPeer, ports: readonly PeerPort[]): void {
    this.policies.allowEgressTo(peer, ports);
  }

  /** Lets the chart's pods behind this Service reach addresses outside the cluster. */
  public allowEgressToCidr(peer: CidrPeer, ports: readonly PeerPort[]): void {
    this.policies.allowEgressToCidr(peer, ports);
  }
}
