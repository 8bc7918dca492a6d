/**
 * What Terraform needs to install an environment's Argo CD, rendered beside its clusters
 * (`dist/<env>/bootstrap/`, docs/bootstrap.md): the argo-cd Helm release (chart, version,
 * name, namespace) and the chart values the product relies on (health checks, ignored
 * differences, one cluster Secret per destination name).
 */
import { HandoffFile } from '../../lib/render/render';
import type { ClusterContext } from '../context';
import { ARGO_CD_CHART, argoCdChartValues } from './argo-cd-values';

/** The values file Terraform's helm_release reads. */
export const ARGOCD_VALUES_FILE = 'argocd-values.yaml';
/** The release file: which chart, at which version, under which name, in which namespace. */
const ARGOCD_RELEASE_FILE = 'argocd-release.yaml';
/** The Helm release name: the chart names its objects after it (`argocd-application-controller`, ...). */
const ARGOCD_RELEASE_NAME = 'argocd';

/** Adds the environment's bootstrap files; `contexts` are every cluster the management cluster's Argo CD deploys to. */
export function addBootstrap(management: ClusterContext, contexts: readonly ClusterContext[]): void {
  const app = management.app;
  new HandoffFile(app, 'bootstrap-argocd-release', {
    file: ARGOCD_RELEASE_FILE,
    content: () => ({ ...ARGO_CD_CHART, releaseName: ARGOCD_RELEASE_NAME, namespace: management.platform.operatorNamespaces.argocd }),
  });
  new HandoffFile(app, 'bootstrap-argocd-values', {
    file: ARGOCD_VALUES_FILE,
    content: () =>
      argoCdChartValues({
        clusters: contexts.map((ctx) => ({
          name: ctx.name,
          local: ctx === management,
          labels: {
            'matih.ai/env': ctx.env.name,
            'matih.ai/region': ctx.cluster.settings.region,
            'matih.ai/rollout-group': String(ctx.cluster.settings.rolloutGroup),
          },
        })),
      }),
  });
}
