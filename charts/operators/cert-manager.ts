/** cert-manager (chart v1.18.6): the ACME issuers' controller, with the cluster's Azure DNS identity. */
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_USE_LABEL } from '../../lib/workload/service-workload';
import type { ClusterContext } from '../context';
import type { HelmRelease } from './release';
import { systemPool, WAVE_OPERATORS } from './placement';

/** Values of the cert-manager chart that the platform sets. */
export interface CertManagerValues {
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  /** leader election in its own namespace, not kube-system (outside the project's destinations) */
  readonly global: { readonly leaderElection: { readonly namespace: string } };
  readonly serviceAccount: { readonly annotations: Record<string, string> };
  readonly podLabels: Record<string, string>;
  readonly extraArgs: readonly string[];
  readonly nodeSelector: Record<string, string>;
}

export function certManagerRelease(ctx: ClusterContext): HelmRelease {
  const ns = ctx.platform.operatorNamespaces.certManager;
  const values: CertManagerValues = {
    crds: { enabled: true, keep: true },
    global: { leaderElection: { namespace: ns } },
    serviceAccount: { annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: ctx.identity('cert-manager') } },
    podLabels: { [WORKLOAD_IDENTITY_USE_LABEL]: 'true' },
    // DNS-01 self-checks go through CoreDNS, so cert-manager needs no DNS egress to the internet
    extraArgs: ['--dns01-recursive-nameservers-only', `--dns01-recursive-nameservers=${ctx.cluster.settings.network.dnsServiceIp}:53`],
    nodeSelector: systemPool(ctx),
  };
  return { name: 'cert-manager', chart: ctx.platform.operatorCharts.certManager, releaseName: 'cert-manager', namespace: ns, values, wave: WAVE_OPERATORS, project: 'operators' };
}
