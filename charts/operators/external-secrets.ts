/** External Secrets Operator (chart 0.13.0): Key Vault through the cluster's identity. */
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_USE_LABEL } from '../../lib/workload/service-workload';
import type { ClusterContext } from '../context';
import type { HelmRelease } from './release';
import { systemPool, WAVE_OPERATORS } from './placement';

/** Values of the external-secrets chart that the platform sets. */
export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  readonly serviceAccount: { readonly name: string; readonly annotations: Record<string, string> };
  readonly podLabels: Record<string, string>;
  readonly nodeSelector: Record<string, string>;
}

export function externalSecretsRelease(ctx: ClusterContext): HelmRelease {
  const values: ExternalSecretsValues = {
    installCRDs: true,
    serviceAccount: { name: 'external-secrets', annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: ctx.identity('external-secrets') } },
    podLabels: { [WORKLOAD_IDENTITY_USE_LABEL]: 'true' },
    nodeSelector: systemPool(ctx),
  };
  const ns = ctx.platform.operatorNamespaces.externalSecrets;
  return { name: 'external-secrets', chart: ctx.platform.operatorCharts.externalSecrets, releaseName: 'external-secrets', namespace: ns, values, wave: WAVE_OPERATORS, project: 'operators' };
}
