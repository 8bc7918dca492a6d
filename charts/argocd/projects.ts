/**
 * The AppProjects of an environment, each allowing only what its Applications need: the
 * root (Applications and AppProjects in argocd on the management cluster), and per cluster
 * its folders of this repository (their namespaces and cluster-scoped kinds on that cluster,
 * never argocd), and its operators' charts (their Helm repositories and namespaces on that
 * cluster).
 */
import { AppProject, type AppProjectSpecDestinations } from '../../imports/argocd-appproject-argoproj.io';
import type { ClusterContext, PlatformChart } from '../context';
import { hasEdge } from '../edge/model';
import type { HelmRelease } from '../operators/release';
import { TENANT_NAMESPACE_PREFIX } from '../tenants';
import type { Folder } from './folders';

/** The AppProject of the root app-of-apps. */
export function rootProjectName(env: string): string {
  return `matih-${env}-apps`;
}

/** The AppProject of a cluster's folders or of its operators' charts. */
export function projectName(ctx: ClusterContext, family: 'folders' | HelmRelease['project']): string {
  return family === 'folders' ? ctx.name : `${ctx.name}-${family}`;
}

/** Kinds the operators' charts install cluster-wide. */
const HELM_CLUSTER_KINDS = [
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
];

const byKind = (a: { kind: string; group: string }, b: { kind: string; group: string }) => (a.group + a.kind < b.group + b.kind ? -1 : 1);

/** Adds the root project and each cluster's projects to the argocd chart. */
export function addProjects(chart: PlatformChart, contexts: readonly ClusterContext[], folders: readonly Folder[]): void {
  const { platform, env } = chart.ctx;
  const argocdNs = platform.operatorNamespaces.argocd;
  const labels = chart.ctx.labels();
  const dest = (ctx: ClusterContext, namespace: string): AppProjectSpecDestinations => ({ name: ctx.name, namespace });
  new AppProject(chart, 'root-project', {
    metadata: { name: rootProjectName(env.name), namespace: argocdNs, labels },
    spec: {
      description: `MATIH ${env.name}: the app-of-apps (dist/${env.name}/${chart.ctx.name}/argocd)`,
      sourceRepos: [platform.gitops.repoURL],
      destinations: [dest(chart.ctx, argocdNs)],
      clusterResourceWhitelist: [],
      namespaceResourceWhitelist: [
        { group: 'argoproj.io', kind: 'AppProject' },
        { group: 'argoproj.io', kind: 'Application' },
      ],
    },
  });
  for (const ctx of contexts) {
    const own = folders.filter((f) => f.ctx === ctx);
    // tenant namespaces by pattern, so that adding a tenant leaves the project alone
    const namespaces = new Set(
      [...own.flatMap((f) => [...f.namespaces])].map((n) => (n.startsWith(TENANT_NAMESPACE_PREFIX) ? `${TENANT_NAMESPACE_PREFIX}*` : n)),
    );
    const kinds = new Map(own.flatMap((f) => [...f.clusterKinds]));
    new AppProject(chart, `${ctx.name}-project`, {
      metadata: { name: projectName(ctx, 'folders'), namespace: argocdNs, labels },
      spec: {
        description: `MATIH ${env.name}: the folders of dist/${env.name}/${ctx.name} in this repository`,
        sourceRepos: [platform.gitops.repoURL],
        destinations: [...namespaces].sort().map((ns) => dest(ctx, ns)),
        clusterResourceWhitelist: [...kinds.values()].sort(byKind),
      },
    });
    const releases = ctx.releases.filter((r) => r.project === 'operators');
    // the Strimzi chart also renders a RoleBinding in each namespace it watches
    const watched = ctx.runs('matih') ? [platform.namespaces.kafka] : [];
    const targets = new Set([...releases.flatMap((r) => [r.namespace, ...(r.extraNamespaces ?? [])]), ...watched]);
    new AppProject(chart, `${ctx.name}-operators-project`, {
      metadata: { name: projectName(ctx, 'operators'), namespace: argocdNs, labels },
      spec: {
        description: `MATIH ${env.name}: operators of ${ctx.name} from their pinned upstream Helm charts`,
        // and this repository where it applies the edge's vendored CRDs
        sourceRepos: [...new Set([...releases.map((r) => r.chart.repoURL), ...(hasEdge(ctx) ? [platform.gitops.repoURL] : [])])].sort(),
        destinations: [...targets].sort().map((ns) => dest(ctx, ns)),
        clusterResourceWhitelist: HELM_CLUSTER_KINDS,
      },
    });
  }
}
