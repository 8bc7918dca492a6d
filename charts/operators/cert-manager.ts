/** cert-manager (chart v1.18.6): the ACME issuers' controller, with the cluster's Azure DNS identity. */
import type { TopologySpreadConstraint } from '../../imports/k8s';
import { spreadConstraints } from '../../lib/workload/spread';
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_USE_LABEL } from '../../lib/workload/service-workload';
import type { ClusterContext } from '../context';
import type { HelmRelease } from './release';
import { systemPool, WAVE_OPERATORS } from './placement';

/** Two replicas, a budget and spread: what each cert-manager Deployment gets (values at the chart's top level, `webhook.` and `cainjector.`). */
interface HighlyAvailable {
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly maxUnavailable: number };
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly nodeSelector: Record<string, string>;
}

/** Values of the cert-manager chart that the platform sets. */
export interface CertManagerValues extends HighlyAvailable {
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  /** leader election in its own namespace, not kube-system (outside the project's destinations) */
  readonly global: { readonly leaderElection: { readonly namespace: string } };
  readonly serviceAccount: { readonly annotations: Record<string, string> };
  readonly podLabels: Record<string, string>;
  readonly extraArgs: readonly string[];
  readonly webhook: HighlyAvailable;
  readonly cainjector: HighlyAvailable;
}

/**
 * Two replicas (the chart's default is 1), a PodDisruptionBudget letting a drain take one
 * (off by default), spread over zones and nodes (none by default; the selector is the pods'
 * labels in the chart's templates), on the system pool (default: any Linux node).
 */
function highlyAvailable(ctx: ClusterContext, component: 'controller' | 'webhook' | 'cainjector'): HighlyAvailable {
  const name = component === 'controller' ? 'cert-manager' : component;
  return {
    replicaCount: 2,
    podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
    topologySpreadConstraints: spreadConstraints(
      { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': component },
      'soft',
    ),
    nodeSelector: systemPool(ctx),
  };
}

export function certManagerRelease(ctx: ClusterContext): HelmRelease {
  const ns = ctx.platform.operatorNamespaces.certManager;
  const values: CertManagerValues = {
    // crds.keep (the default, kept explicit): helm.sh/resource-policy: keep on every CRD, so no removal of this release deletes a Certificate
    crds: { enabled: true, keep: true },
    global: { leaderElection: { namespace: ns } },
    serviceAccount: { annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: ctx.identity('cert-manager') } },
    podLabels: { [WORKLOAD_IDENTITY_USE_LABEL]: 'true' },
    // DNS-01 self-checks go through CoreDNS, so cert-manager needs no DNS egress to the internet
    extraArgs: ['--dns01-recursive-nameservers-only', `--dns01-recursive-nameservers=${ctx.cluster.settings.network.dnsServiceIp}:53`],
    // the controller elects a leader (global.leaderElection): a second replica takes over within the lease
    ...highlyAvailable(ctx, 'controller'),
    // its webhooks have failurePolicy: Fail (fixed in the chart): with it down, the API server
    // refuses every Certificate, Issuer and CertificateRequest change
    webhook: highlyAvailable(ctx, 'webhook'),
    // it writes the webhooks' CA bundle; it elects a leader too
    cainjector: highlyAvailable(ctx, 'cainjector'),
  };
  return {
    name: 'cert-manager',
    chart: ctx.platform.operatorCharts.certManager,
    releaseName: 'cert-manager',
    namespace: ns,
    values,
    wave: WAVE_OPERATORS,
    project: 'operators',
  };
}
