/** External Secrets Operator (chart 0.13.0): Key Vault through the cluster's identity. */
import type { TopologySpreadConstraint } from '../../imports/k8s';
import { spreadConstraints } from '../../lib/workload/spread';
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_USE_LABEL } from '../../lib/workload/service-workload';
import type { ClusterContext } from '../context';
import type { HelmRelease } from './release';
import { systemPool, WAVE_OPERATORS } from './placement';

/** Two replicas, a budget and spread: what each ESO Deployment gets (values at the top level, `webhook.` and `certController.`). */
interface HighlyAvailable {
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean; readonly minAvailable: number };
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly nodeSelector: Record<string, string>;
}

/** Values of the external-secrets chart that the platform sets. */
export interface ExternalSecretsValues extends HighlyAvailable {
  readonly installCRDs: boolean;
  readonly crds: { readonly annotations: Record<string, string> };
  readonly leaderElect: boolean;
  readonly serviceAccount: { readonly name: string; readonly annotations: Record<string, string> };
  readonly podLabels: Record<string, string>;
  readonly webhook: HighlyAvailable;
  readonly certController: HighlyAvailable & { readonly extraArgs: Record<string, string> };
}

/**
 * Two replicas (default 1), a PodDisruptionBudget keeping one (off by default; the chart's
 * `minAvailable: 1`, and `maxUnavailable` would be ignored beside it), spread over zones and
 * nodes (none by default; the selector is the pods' selector labels in the chart), on the
 * system pool (default: anywhere).
 */
function highlyAvailable(ctx: ClusterContext, name: string): HighlyAvailable {
  return {
    replicaCount: 2,
    podDisruptionBudget: { enabled: true, minAvailable: 1 },
    topologySpreadConstraints: spreadConstraints({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'external-secrets' }, 'soft'),
    nodeSelector: systemPool(ctx),
  };
}

export function externalSecretsRelease(ctx: ClusterContext): HelmRelease {
  const values: ExternalSecretsValues = {
    installCRDs: true,
    // hack/helm.generate.sh puts these on every CRD (default none): removing the release keeps the
    // CRDs, and with them every ExternalSecret and the Secrets it owns; no prune removes them either
    crds: { annotations: { 'helm.sh/resource-policy': 'keep', 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } },
    serviceAccount: { name: 'external-secrets', annotations: { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: ctx.identity('external-secrets') } },
    podLabels: { [WORKLOAD_IDENTITY_USE_LABEL]: 'true' },
    // two controllers must not both sync (default false): one leads, the other waits on the lease
    leaderElect: true,
    ...highlyAvailable(ctx, 'external-secrets'),
    // its validating webhooks have failurePolicy Fail (webhook.failurePolicy, default), and the
    // same pods convert between the CRDs' versions: with it down, no ExternalSecret or store can be changed or read
    webhook: highlyAvailable(ctx, 'external-secrets-webhook'),
    // it renews the webhook's certificate and CA bundles; two need a leader (the chart passes no
    // flag for it: certcontroller's --enable-leader-election, default false)
    certController: { ...highlyAvailable(ctx, 'external-secrets-cert-controller'), extraArgs: { 'enable-leader-election': 'true' } },
  };
  const ns = ctx.platform.operatorNamespaces.externalSecrets;
  return {
    name: 'external-secrets',
    chart: ctx.platform.operatorCharts.externalSecrets,
    releaseName: 'external-secrets',
    namespace: ns,
    values,
    wave: WAVE_OPERATORS,
    project: 'operators',
  };
}
