import { Construct } from 'constructs';
import { IntOrString, KubeNamespace, KubeNetworkPolicy } from '../../imports/k8s';
import { isDnsLabel } from '../k8s/formats';
import { type NetworkPeer, peerSelector } from './network-policy';

/** Name of the NetworkPolicy that denies all ingress and egress of every pod. */
export const DEFAULT_DENY_POLICY = 'default-deny';
/** Name of the NetworkPolicy that lets every pod query the cluster DNS. */
export const DNS_EGRESS_POLICY = 'allow-dns-egress';

/** The Pod Security Standards levels, from the most to the least permissive. */
type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** The annotation that says why a namespace enforces less than `restricted`. */
export const POD_SECURITY_REASON_ANNOTATION = 'matih.ai/pod-security-reason';

/**
 * The Pod Security admission labels that enforce, audit and warn on the `restricted`
 * profile at one Kubernetes minor version.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
 */
export function restrictedNamespaceLabels(version: string): Record<string, string> {
  return podSecurityLabels('restricted', version);
}

/**
 * The Pod Security admission labels that enforce `level` at one Kubernetes minor version;
 * audit and warn stay at `restricted`, so that whatever needs less is still reported.
 */
function podSecurityLabels(level: PodSecurityLevel, version: string): Record<string, string> {
  if (version !== 'latest' && !/^v1\.\d{1,2}$/.test(version)) {
    throw new Error(`Pod Security version "${version}" must be "latest" or a minor version such as "v1.29"`);
  }
  return {
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': version,
    'pod-security.kubernetes.io/warn': 'restricted',
  };
}

/** Props of {@link IsolatedNamespace}. */
export interface IsolatedNamespaceProps {
  /** The namespace's name, a DNS label. */
  readonly name: string;
  /**
   * The cluster DNS pods (CoreDNS), which every pod may query on 53/UDP and 53/TCP; `none` for a
   * namespace whose pods resolve no names, where the default deny then holds for every flow.
   */
  readonly dns: NetworkPeer | 'none';
  /** The Kubernetes minor version whose `restricted` profile is enforced, e.g. `v1.29`. @default 'latest' */
  readonly podSecurityVersion?: string;
  /** Labels on the Namespace beyond the Pod Security ones (which they cannot override). @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the Namespace, e.g. Argo CD sync options that keep it. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Labels on the two NetworkPolicies. @default none */
  readonly policyLabels?: Readonly<Record<string, string>>;
  /**
   * A level below `restricted`, for the one workload that cannot run otherwise, with the
   * reason (kept in an annotation). @default restricted
   */
  readonly podSecurity?: { readonly level: Exclude<PodSecurityLevel, 'restricted'>; readonly reason: string };
}

/**
 * A Namespace that enforces Pod Security `restricted` (or, with a stated reason, less), denies all traffic of its pods by
 * default (ingress and egress) and allows only DNS queries to the cluster DNS (unless its pods
 * need none). Every other flow must be opened by a policy of the workload that needs it.
 */
export class IsolatedNamespace extends Construct {
  /** The namespace's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: IsolatedNamespaceProps) {
    super(scope, id);
    if (!isDnsLabel(props.name)) throw new Error(`namespace "${props.name}" must be a DNS label: lower-case letters, digits and '-', at most 63 characters`);
    this.name = props.name;
    const relaxed = props.podSecurity;
    if (relaxed && !relaxed.reason.trim()) throw new Error(`namespace "${props.name}": Pod Security ${relaxed.level} needs a reason`);
    const annotations = relaxed ? { ...props.annotations, [POD_SECURITY_REASON_ANNOTATION]: relaxed.reason } : props.annotations;
    new KubeNamespace(this, 'Namespace', {
      metadata: {
        name: props.name,
        labels: { ...props.labels, ...podSecurityLabels(relaxed?.level ?? 'restricted', props.podSecurityVersion ?? 'latest') },
        annotations: annotations && { ...annotations },
      },
    });
    const policyLabels = props.policyLabels && { ...props.policyLabels };
    new KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: DEFAULT_DENY_POLICY, namespace: props.name, labels: policyLabels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    if (props.dns === 'none') return;
    new KubeNetworkPolicy(this, 'AllowDns', {
      metadata: { name: DNS_EGRESS_POLICY, namespace: props.name, labels: policyLabels },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [peerSelector(props.name, props.dns)],
            ports: [
              { port: IntOrString.fromNumber(53), protocol: 'UDP' },
              { port: IntOrString.fromNumber(53), protocol: 'TCP' },
            ],
          },
        ],
      },
    });
  }
}
