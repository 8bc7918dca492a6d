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
import { edgeCrdManifests } from '../edge/crds';
import { hasEdge } from '../edge/model';
import { addBootstrap } from './bootstrap';
import { clusterWave, describeFolder, ROOT_WAVE, WAVES } from './folders';
import { addProjects, projectName, rootProjectName } from './projects';

export const ARGOCD_FOLDER = 'argocd';
const RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } };
/**
 * The root's retries: its sync spans the whole bootstrap, and fails as soon as a child turns
 * Degraded (often for a while: a role assignment still propagating, a certificate being
 * issued). It then starts over, the healthy waves passing at once, for about half an hour.
 */
const ROOT_RETRY = { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } };
/** Deleting the Application deletes what it deployed (foreground); not for operators, see {@link operatorAutomation}. */
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * The `argocd` folder of the management cluster. Its Applications are described once every
 * other folder of the environment is built, whatever the order they were built in.
 */
export function addArgoCd(management: ClusterContext, contexts: readonly ClusterContext[]): PlatformChart {
  const chart = management.chart(ARGOCD_FOLDER, management.platform.operatorNamespaces.argocd);
  onPhase(chart, Phase.DESCRIBE, () => describe(chart, contexts));
  addBootstrap(management, contexts);
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
        finalizers: [RESOURCES_FINALIZER],
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
            // Argo CD v3.0.23 ignores this at app level (docs/research/argocd.md §7): the waves put every
            // CRD's Application first, which the validator checks; it takes effect from v3.1
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
        },
        spec: {
          project: projectName(ctx, r.project),
          source: { repoUrl: r.chart.repoURL, chart: r.chart.chart, targetRevision: r.chart.version, helm: { releaseName: r.releaseName, valuesObject: r.values, ...(r.skipCrds ? { skipCrds: true } : {}) } },
          destination: { name: ctx.name, namespace: r.namespace },
          syncPolicy: {
            ...operatorAutomation(git.automated),
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
          ...operatorAutomation(git.automated),
          syncOptions: ['ServerSideApply=true'],
          retry: RETRY,
        },
      },
    });
  }

  // The root app-of-apps: this folder, including this very Application, in a wave after
  // every child's. Argo CD never waits on a sync's last wave; in any earlier one the root
  // would wait on its own health, Progressing for as long as that very sync runs.
  new Application(chart, 'root', {
    metadata: { name: `${env.name}-root`, namespace: argocdNs, labels, annotations: { 'argocd.argoproj.io/sync-wave': String(ROOT_WAVE) } },
    spec: {
      project: rootProjectName(env.name),
      source: { repoUrl: git.repoURL, targetRevision: git.targetRevision, path: `dist/${env.name}/${chart.ctx.name}/${ARGOCD_FOLDER}`, directory: { recurse: true } },
      destination: { name: chart.ctx.name, namespace: argocdNs },
      syncPolicy: {
        // the root never prunes: removing a child Application from git must be a deliberate act
        ...(git.automated ? { automated: { prune: false, selfHeal: true } } : {}),
        syncOptions: ['CreateNamespace=false'],
        retry: ROOT_RETRY,
      },
    },
  });
}

/**
 * How an upstream chart's Application may delete. An operator's chart installs CRDs, and
 * deleting a CRD makes the API server delete every resource of it, cluster-wide: every
 * Kafka and its volumes' claims, every ExternalSecret and the Secrets it owns. So an
 * operator's Application has no resources finalizer (deleting or renaming it in config
 * deletes nothing in the cluster; Argo CD v3.0 also never deletes CRDs on a cascading
 * delete) and never prunes on its own: a chart upgrade that stops rendering a CRD would
 * otherwise prune it, as Argo CD has no per-kind prune switch for a Helm source. What an
 * upgrade drops stays, OutOfSync, until a person prunes it. The edge's CRD Application
 * follows the same rule.
 */
function operatorAutomation(automated: boolean): object {
  return automated ? { automated: { prune: false, selfHeal: true } } : {};
}
