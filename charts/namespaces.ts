/**
 * The platform's namespaces (seed 002: seven platform namespaces) and the operators'
 * namespaces, each labelled to enforce Pod Security `restricted`, each with a default-deny
 * NetworkPolicy for ingress and egress and DNS egress to CoreDNS (seed 001).
 */
import { IntOrString, KubeNamespace, KubeNetworkPolicy } from 'cdk8s-plus-28/lib/imports/k8s';
import { App } from 'cdk8s';
import type { Environment } from '../config';
import { peerSelector } from '../lib/network-policy';
import { MANAGED_BY, PlatformChart, PROTECT_ANNOTATIONS } from './platform-chart';

/** Pod Security admission labels that enforce `restricted` at the cluster's minor version. */
export const RESTRICTED_LABELS = {
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'v1.29',
  'pod-security.kubernetes.io/warn': 'restricted',
} as const;

export class NamespacesChart extends PlatformChart {
  /** Every namespace this chart creates. */
  public readonly names: string[] = [];

  constructor(scope: App, env: Environment) {
    super(scope, 'namespaces', env);
    const { namespaces: ns, operatorNamespaces: ops, partOf, network } = this.cfg;
    const planes: Array<[string, string]> = [
      [ns.controlPlane, 'control-plane'], [ns.dataPlane, 'data-plane'], [ns.frontend, 'frontend'],
      [ns.ingress, 'ingress'], [ns.kafka, 'kafka'], [ns.monitoring, 'monitoring'], [ns.playground, 'playground'],
      [ops.certManager, 'operator'], [ops.externalSecrets, 'operator'], [ops.strimzi, 'operator'],
    ];
    for (const [name, plane] of planes) {
      this.names.push(name);
      new KubeNamespace(this, name, {
        metadata: {
          name,
          labels: { ...RESTRICTED_LABELS, 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': partOf, 'matih.ai/plane': plane },
          // deleting a namespace deletes everything in it, volumes included
          annotations: { ...PROTECT_ANNOTATIONS },
        },
      });
      const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': partOf };
      new KubeNetworkPolicy(this, `${name}-default-deny`, {
        metadata: { name: 'default-deny', namespace: name, labels },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      });
      const dnsPeer = peerSelector(name, { name: 'kube-dns', ...network.dns });
      new KubeNetworkPolicy(this, `${name}-allow-dns`, {
        metadata: { name: 'allow-dns-egress', namespace: name, labels },
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [{
            to: [dnsPeer],
            ports: [
              { port: IntOrString.fromNumber(53), protocol: 'UDP' },
              { port: IntOrString.fromNumber(53), protocol: 'TCP' },
            ],
          }],
        },
      });
    }
  }
}
