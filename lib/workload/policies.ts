import { Construct } from 'constructs';
import { type CidrPeer, cidrPeerAnnotations, type NetworkPeer, PeerPolicy, type PeerPort, peerSelector } from '../network/network-policy';

/** Props of {@link WorkloadPolicies}. */
export interface WorkloadPoliciesProps {
  readonly name: string;
  readonly namespace: string;
  /** The labels that select the workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** Metadata labels of the policies. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The NetworkPolicies of one workload: one allow-policy per peer and direction
 * (`allow-<name>-to-<peer>`, `allow-<name>-from-<peer>`), each listing exactly the ports
 * declared for that flow. It remembers what it admits each peer on, so that the peer's own
 * egress can be derived from the same declarations.
 */
export class WorkloadPolicies extends Construct {
  private readonly policies = new Map<string, PeerPolicy>();
  private readonly admitted = new Map<string, { peer: NetworkPeer; ports: PeerPort[] }>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: WorkloadPoliciesProps,
  ) {
    super(scope, id);
  }

  /** Allows the pods to open connections to `peer` on `ports` (pod ports). */
  public allowEgressTo(peer: NetworkPeer, ports: readonly PeerPort[]): void {
    const policy = this.policy(`allow-${this.props.name}-to-${peer.name}`, 'Egress', peerSelector(this.props.namespace, peer));
    for (const p of ports) policy.addPort(p);
  }

  /** Allows `peer` to open connections to the pods on `ports` (pod ports). */
  public allowIngressFrom(peer: NetworkPeer, ports: readonly PeerPort[]): void {
    const policy = this.policy(`allow-${this.props.name}-from-${peer.name}`, 'Ingress', peerSelector(this.props.namespace, peer));
    const key = `${peer.namespace}/${peer.name}`;
    const admitted = this.admitted.get(key) ?? { peer, ports: [] };
    this.admitted.set(key, admitted);
    for (const p of ports) {
      policy.addPort(p);
      admitted.ports.push(p);
    }
  }

  /** Allows the pods to open connections to addresses outside the cluster. */
  public allowEgressToCidr(peer: CidrPeer, ports: readonly PeerPort[]): void {
    const policy = this.policy(
      `allow-${this.props.name}-to-${peer.name}`,
      'Egress',
      { ipBlock: { cidr: peer.cidr, except: peer.except && [...peer.except] } },
      cidrPeerAnnotations(peer),
    );
    for (const p of ports) policy.addPort(p);
  }

  /** The pod ports `peer` is admitted on. */
  public admittedPorts(peer: NetworkPeer): readonly PeerPort[] {
    return this.admitted.get(`${peer.namespace}/${peer.name}`)?.ports ?? [];
  }

  private policy(
    name: string,
    direction: 'Ingress' | 'Egress',
    peer: ConstructorParameters<typeof PeerPolicy>[2]['peer'],
    annotations?: Record<string, string>,
  ): PeerPolicy {
    let policy = this.policies.get(name);
    if (!policy) {
      policy = new PeerPolicy(this, name, {
        name,
        namespace: this.props.namespace,
        podLabels: this.props.selector,
        direction,
        peer,
        labels: { ...this.props.labels },
        annotations,
      });
      this.policies.set(name, policy);
    }
    return policy;
  }
}
