import { lazy } from '../lazy';
import { Construct } from 'constructs';
import {
  IntOrString,
  KubeNetworkPolicy,
  type NetworkPolicyEgressRule,
  type NetworkPolicyIngressRule,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
} from '../../imports/k8s';

/** The label Kubernetes sets on every Namespace with its own name (1.22+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** A set of pods another workload talks to: its namespace and the labels that select its pods. */
export interface NetworkPeer {
  /** A short, stable name used in policy names, e.g. `ingress-nginx`. */
  readonly name: string;
  /** The peer's namespace. */
  readonly namespace: string;
  /**
   * Labels that select the peer's namespaces instead of `namespace`, for a peer that
   * spans namespaces (every tenant namespace). @default the namespace by name
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** Labels that select exactly the peer's pods; empty selects every pod of the namespace. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** A port on the peer's pods (the container port, which is what NetworkPolicy matches). */
export interface PeerPort {
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** Addresses outside the cluster, for egress to cloud APIs. */
export interface CidrPeer {
  /** A short, stable name used in policy names, e.g. `azure-openai`. */
  readonly name: string;
  readonly cidr: string;
  /** Ranges inside `cidr` that stay denied (the cluster's own pod and service ranges). */
  readonly except?: readonly string[];
  /**
   * Why these pods may reach any address (required when `cidr` is a default route, `0.0.0.0/0`
   * or `::/0`): recorded on the policy as {@link INTERNET_EGRESS_REASON}, which the validator
   * asks of every policy that opens the internet.
   */
  readonly reason?: string;
}

/** The annotation that says why a NetworkPolicy lets pods reach the internet (`0.0.0.0/0`, `::/0`). */
export const INTERNET_EGRESS_REASON = 'matih.ai/internet-egress-reason';
/** The annotation that says why a NetworkPolicy admits clients from the internet. */
export const INTERNET_INGRESS_REASON = 'matih.ai/internet-ingress-reason';

/** True for a CIDR that matches every address of its family (`0.0.0.0/0`, `::/0`). */
export function isDefaultRoute(cidr: string): boolean {
  return /\/0$/.test(cidr.trim());
}

/** The annotations of a policy towards `peer`: its internet reason, which a default route must give. */
export function cidrPeerAnnotations(peer: CidrPeer): Record<string, string> | undefined {
  if (!isDefaultRoute(peer.cidr)) return undefined;
  if (!peer.reason?.trim()) throw new Error(`network peer "${peer.name}" (${peer.cidr}) opens the internet: say why in its reason`);
  return { [INTERNET_EGRESS_REASON]: peer.reason };
}

/** The peer selector, seen from a policy in `fromNamespace`: same namespace needs no namespace selector. */
export function peerSelector(fromNamespace: string, peer: NetworkPeer): NetworkPolicyPeer {
  const podSelector = Object.keys(peer.podLabels).length > 0 ? { matchLabels: { ...peer.podLabels } } : {};
  if (peer.namespaceLabels) {
    if (Object.keys(peer.namespaceLabels).length === 0)
      throw new Error(`network peer "${peer.name}": namespaceLabels must not be empty (that would admit every namespace)`);
    return { namespaceSelector: { matchLabels: { ...peer.namespaceLabels } }, podSelector };
  }
  if (peer.namespace === fromNamespace) return { podSelector };
  return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } }, podSelector };
}

/** NetworkPolicy ports, sorted by number and protocol, each once. */
export function policyPorts(ports: readonly PeerPort[]): NetworkPolicyPort[] {
  const seen = new Set<string>();
  const out: NetworkPolicyPort[] = [];
  for (const p of [...ports].sort((a, b) => a.port - b.port || cmp(a.protocol ?? 'TCP', b.protocol ?? 'TCP'))) {
    const key = `${p.protocol ?? 'TCP'}/${p.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ port: IntOrString.fromNumber(p.port), protocol: p.protocol ?? 'TCP' });
  }
  return out;
}

/** Props of {@link PeerPolicy}. */
export interface PeerPolicyProps {
  /** The NetworkPolicy's name. */
  readonly name: string;
  readonly namespace: string;
  /** Labels that select the pods the policy is for. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly direction: 'Ingress' | 'Egress';
  /** The other side of the flow. */
  readonly peer: NetworkPolicyPeer;
  /** Metadata labels. @default none */
  readonly labels?: Record<string, string>;
  /** Metadata annotations. @default none */
  readonly annotations?: Record<string, string>;
}

/**
 * One allow-policy between the selected pods and one peer, in one direction. Ports are
 * added as flows are declared; the policy renders them sorted and de-duplicated.
 */
export class PeerPolicy extends Construct {
  private readonly ports: PeerPort[] = [];

  constructor(scope: Construct, id: string, props: PeerPolicyProps) {
    super(scope, id);
    const peers = [props.peer];
    // ports are added as flows are declared, until the tree is rendered
    const rules = lazy((): Array<NetworkPolicyIngressRule & NetworkPolicyEgressRule> => [
      {
        ports: policyPorts(this.ports),
        ...(props.direction === 'Ingress' ? { from: peers } : { to: peers }),
      },
    ]);
    new KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels, annotations: props.annotations },
      spec: {
        podSelector: { matchLabels: { ...props.podLabels } },
        policyTypes: [props.direction],
        ...(props.direction === 'Ingress' ? { ingress: rules } : { egress: rules }),
      },
    });
  }

  /** Allows one more port of the peer. */
  public addPort(port: PeerPort): void {
    this.ports.push(port);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
