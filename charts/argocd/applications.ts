/**
 * Argo CD over dist/ (docs/platform.md#argo-cd): one Argo CD per environment, on the
 * management cluster, deploys every cluster by destination name. Its root Application
 * (app-of-apps) syncs `dist/<env>/<management cluster>/argocd/`: itself, the AppProjects, one
 * child Application per folder of every cluster, and the clusters' Helm releases, ordered by
 * sync waves (and cluster by cluster by rollout group).
 */
import { Application } from '../../imports/argocd-application-argoproj.io';
import { onPhase, Phase } from '../../lib/phases';
import { ClusterContext, PlatformChart, platformCharts } from '../context';
import { hasEdge } from '../edge/model';
import { edgeCrdManifests } from '../edge/crds';
import { clusterWave, describeFolder, WAVES } from './folders';
import { addProjects, projectName, rootProjectName } from './projects';

export const ARGOCD_FOLDER = 'argocd';
const RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } };

/**
 * The `argocd` folder of the management cluster. Its Applications are described once every
 * other folder of the environment is built, whatever the order they were built in.
 */
export function addArgoCd(management: ClusterContext, contexts: readonly ClusterContext[]): PlatformChart {
  const chart = management.chart(ARGOCD_FOLDER, management.platform.operatorNamespaces.argocd);
  onPhase(chart, Phase.DESCRIBE, () => describe(chart, contexts));
  return chart;
}

function describe(chart: PlatformChart, contexts: readonly ClusterContext[]): void {
  const { env, platform } = chart.ctx;
  const git = platform.gitops;
  const argocdNs = platform.operatorNamespaces.argocd;
  const labels = chart.ctx.labels();
  const automated = git.automated ? { automated: { prune: true, selfHeal: true } } : {};
  const charts = platformCharts(chart.ctx.app).filter((c) => c !== chart && contexts.includes(c.ctx));
  const folders = charts.map(describeFolder);
  addProjects(chart, contexts, folders);

  for (const f of folders) {
    new Application(chart, `app-${f.ctx.name}-${f.name}`, {
      metadata: {
        name: `${f.ctx.name}-${f.name}`,
        namespace: argocdNs,
        labels: { ...labels, 'matih.ai/cluster': f.ctx.name },
        annotations: {
          'argocd.argoproj.io/sync-wave': String(f.wave),
          // a commit refreshes only the applications whose folder changed
          'argocd.argoproj.io/manifest-generate-paths': '.',
        },
        finalizers: ['resources-finalizer.argocd.argoproj.io'],
      },
      spec: {
        project: projectName(f.ctx, 'folders'),
        source: { repoUrl: git.repoURL, targetRevision: git.targetRevision, path: `dist/${env.name}/${f.ctx.name}/${f.name}`, directory: { recurse: true } },
        // Every object names its namespace, so the destination's is only a default; it must
        // still be one the project permits.
        destination: { name: f.ctx.name, namespace: f.namespace },
        syncPolicy: {
          ...automated,
          syncOptions: [
            'CreateNamespace=false',
            'PrunePropagationPolicy=foreground',
            // custom resources may be synced before the operator's CRDs are established
            ...(f.custom ? ['SkipDryRunOnMissingResource=true'] : []),
          ],
          retry: RETRY,
        },
      },
    });
  }

  for (const ctx of contexts) {
    for (const r of [...ctx.releases].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      new Application(chart, `release-${ctx.name}-${r.name}`, {
        metadata: {
          name: `${ctx.name}-${r.name}`,
          namespace: argocdNs,
          labels: { ...labels, 'matih.ai/cluster': ctx.name, ...r.labels },
          annotations: { 'argocd.argoproj.io/sync-wave': String(clusterWave(ctx, r.wave)) },
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: projectName(ctx, r.project),
          source: { repoUrl: r.chart.repoURL, chart: r.chart.chart, targetRevision: r.chart.version, helm: { releaseName: r.releaseName, valuesObject: r.values, ...(r.skipCrds ? { skipCrds: true } : {}) } },
          destination: { name: ctx.name, namespace: r.namespace },
          syncPolicy: {
            ...automated,
            // CRDs are too large for the client-side last-applied annotation
            syncOptions: ['ServerSideApply=true'],
            retry: RETRY,
          },
        },
      });
    }
  }

  // the edge's CRDs: vendored files of this repository, applied as they are (charts/edge/crds.ts)
  for (const ctx of contexts.filter(hasEdge)) {
    const crds = edgeCrdManifests(ctx);
    new Application(chart, `crds-${ctx.name}-${crds.name}`, {
      metadata: {
        name: `${ctx.name}-${crds.name}`,
        namespace: argocdNs,
        labels: { ...labels, 'matih.ai/cluster': ctx.name },
        // before the operators, so that a custom resource never waits for its CRD
        annotations: { 'argocd.argoproj.io/sync-wave': String(clusterWave(ctx, WAVES.namespaces)) },
      },
      spec: {
        project: projectName(ctx, 'operators'),
        sources: crds.paths.map((path) => ({ repoUrl: git.repoURL, targetRevision: git.targetRevision, path })),
        destination: { name: ctx.name, namespace: crds.namespace },
        syncPolicy: {
          ...(git.automated ? { automated: { prune: false, selfHeal: true } } : {}),
          syncOptions: ['ServerSideApply=true'],
          retry: RETRY,
        },
      },
    });
  }

  // the root app-of-apps: this folder, including this very Application
  new Application(chart, 'root', {
    metadata: { name: `${env.name}-root`, namespace: argocdNs, labels },
    spec: {
      project: rootProjectName(env.name),
      source: { repoUrl: git.repoURL, targetRevision: git.targetRevision, path: `dist/${env.name}/${chart.ctx.name}/${ARGOCD_FOLDER}`, directory: { recurse: true } },
      destination: { name: chart.ctx.name, namespace: argocdNs },
      // the root never prunes: removing a child Application from git must be a deliberate act
      syncPolicy: { ...(git.automated ? { automated: { prune: false, selfHeal: true } } : {}), syncOptions: ['CreateNamespace=false'] },
    },
  });
}
