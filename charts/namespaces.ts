/**
 * The platform's namespaces (seed 002: seven platform namespaces) and the operators'
 * namespaces, each labelled to enforce Pod Security `restricted`, each with a default-deny
 * NetworkPolicy for ingress and egress and DNS egress to CoreDNS (seed 001).
 */
import { App } from 'cdk8s';
import type { Environment } from '../config';
import { IsolatedNamespace } from '../lib/isolated-namespace';
import { MANAGED_BY, PlatformChart, PROTECT_ANNOTATIONS } from './platform-chart';

/** The Kubernetes minor version whose Pod Security profile the namespaces enforce (AKS 1.29). */
export const POD_SECURITY_VERSION = 'v1.29';

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
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': partOf };
    for (const [name, plane] of planes) {
      this.names.push(name);
      new IsolatedNamespace(this, name, {
        name,
        dns: { name: 'kube-dns', ...network.dns },
        podSecurityVersion: POD_SECURITY_VERSION,
        labels: { ...labels, 'matih.ai/plane': plane },
        // deleting a namespace deletes everything in it, volumes included
        annotations: PROTECT_ANNOTATIONS,
        policyLabels: labels,
      });
    }
  }
}
