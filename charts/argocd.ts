/**
 * Argo CD over dist/ (seed 002): per environment a root Application (app-of-apps) that
 * syncs the folder `argocd/` — itself, the AppProjects, one child Application per folder
 * of `dist/<env>/`, and the operators' Helm Applications — ordered by sync waves.
 *
 * Waves between Applications only hold when Argo CD reports an Application's health,
 * which needs `resource.customizations.health.argoproj.io_Application` in `argocd-cm`
 * (see README.md); this repository does not manage argocd-cm.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import type { Environment, HelmChartRef } from '../config';
import { Application } from '../imports/argocd-application-argoproj.io';
import { AppProject } from '../imports/argocd-appproject-argoproj.io';
import { folderOf } from '../lib/render/render';
import { addOperatorApplications } from './operators';
import type { Tenant } from '../config/tenants';
import { appProjectName, MANAGED_BY, operatorProjectName, PlatformChart, rootProjectName, tenantIngressProjectName } from './platform-chart';
import { addDedicatedIngressApplication, TENANT_NAMESPACE_PREFIX } from './tenants';

/** Sync waves, in the order the issue fixes: namespaces and operators, shared infrastructure, services, tenants. */
export const WAVES = { namespaces: 0, operators: 1, infrastructure: 2, services: 3, tenants: 4 } as const;

/** The wave of a folder of dist/<env>/. */
export function waveOf(folder: string): number {
  if (folder === 'namespaces') return WAVES.namespaces;
  if (['kafka', 'cluster-issuers', 'secret-stores'].includes(folder)) return WAVES.infrastructure;
  if (folder.startsWith('tenant-')) return WAVES.tenants;
  return WAVES.services;
}

/** The namespace a folder of only cluster-scoped objects deploys "into". */
function clusterFolderNamespace(cfg: Environment['config'], folder: string): string {
  const byFolder: Record<string, string> = {
    'cluster-issuers': cfg.operatorNamespaces.certManager,
    'secret-stores': cfg.operatorNamespaces.externalSecrets,
  };
  const ns = byFolder[folder];
  if (!ns) throw new Error(`folder "${folder}" holds only cluster-scoped objects: name the namespace its Application defaults to in charts/argocd.ts`);
  return ns;
}

const CORE_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'autoscaling', 'networking.k8s.io', 'rbac.authorization.k8s.io']);
const CLUSTER = 'https://kubernetes.default.svc';
export const ARGOCD_FOLDER = 'argocd';

export class ArgoCdChart extends PlatformChart {
  constructor(scope: App, env: Environment, tenants: readonly Tenant[]) {
    const cfg = env.config;
    super(scope, ARGOCD_FOLDER, env, cfg.operatorNamespaces.argocd);
    const name = cfg.environment;
    const argocdNs = cfg.operatorNamespaces.argocd;
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': cfg.partOf };
    const git = cfg.gitops;
    const syncPolicy = (options: string[]) => ({
      ...(git.automated ? { automated: { prune: true, selfHeal: true } } : {}),
      syncOptions: options,
      retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
    });

    // every other chart of the app is a folder with its own child Application
    const namespaces = new Set<string>();
    const clusterKinds = new Map<string, { group: string; kind: string }>();
    const folders: Array<{ folder: string; home?: string; custom: boolean; firstNamespace?: string }> = [];
    for (const chart of scope.node.children.filter(Chart.isChart)) {
      if (chart === this) continue;
      const f = folderOf(chart as Chart);
      let custom = false;
      let firstNamespace: string | undefined;
      for (const c of chart.node.findAll()) {
        if (!ApiObject.isApiObject(c)) continue;
        const group = c.apiGroup === 'core' ? '' : c.apiGroup;
        if (!CORE_GROUPS.has(group)) custom = true;
        const objectNs = c.metadata.namespace;
        if (objectNs) {
          namespaces.add(objectNs);
          if (firstNamespace === undefined || objectNs < firstNamespace) firstNamespace = objectNs;
        } else {
          clusterKinds.set(`${group}/${c.kind}`, { group, kind: c.kind });
        }
      }
      folders.push({ folder: f.folder, home: f.homeNamespace, custom, firstNamespace });
    }

    const charts = addOperatorApplications(this, env, WAVES.operators);
    for (const tenant of tenants) addDedicatedIngressApplication(this, cfg, tenant);
    // Tenant namespaces are allowed by pattern, so that adding a tenant does not touch the
    // projects; every matih-tenant-* namespace is one this repository creates.
    const byPattern = (list: Iterable<string>) => [...new Set([...list].map((n) => (n.startsWith(TENANT_NAMESPACE_PREFIX) ? `${TENANT_NAMESPACE_PREFIX}*` : n)))];
    this.projects(env, byPattern(namespaces), [...clusterKinds.values()], charts);

    for (const f of folders.sort((a, b) => (a.folder < b.folder ? -1 : 1))) {
      new Application(this, `app-${f.folder}`, {
        metadata: {
          name: `${name}-${f.folder}`,
          namespace: argocdNs,
          labels,
          annotations: {
            'argocd.argoproj.io/sync-wave': String(waveOf(f.folder)),
            // a commit refreshes only the applications whose folder changed
            'argocd.argoproj.io/manifest-generate-paths': '.',
          },
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: {
          project: appProjectName(name),
          source: {
            repoUrl: git.repoURL,
            targetRevision: git.targetRevision,
            path: `dist/${name}/${f.folder}`,
            directory: { recurse: true, include: '*.yaml' },
          },
          // Every object names its namespace, so the destination's is only a default; it must
          // still be one the project permits (an empty one is not). A folder of cluster-scoped
          // objects takes the namespace of the operator that serves them.
          destination: { server: CLUSTER, namespace: f.home ?? f.firstNamespace ?? clusterFolderNamespace(cfg, f.folder) },
          syncPolicy: syncPolicy([
            'CreateNamespace=false',
            'PrunePropagationPolicy=foreground',
            // custom resources may be synced before the operator's CRDs are established
            ...(f.custom ? ['SkipDryRunOnMissingResource=true'] : []),
          ]),
        },
      });
    }

    // the root app-of-apps: this folder, including this very Application
    new Application(this, 'root', {
      metadata: { name: `${name}-root`, namespace: argocdNs, labels },
      spec: {
        project: rootProjectName(name),
        source: {
          repoUrl: git.repoURL, targetRevision: git.targetRevision,
          path: `dist/${name}/${ARGOCD_FOLDER}`, directory: { recurse: true, include: '*.yaml' },
        },
        destination: { server: CLUSTER, namespace: argocdNs },
        // the root never prunes: removing a child Application from git must be a deliberate act
        syncPolicy: { ...(git.automated ? { automated: { prune: false, selfHeal: true } } : {}), syncOptions: ['CreateNamespace=false'] },
      },
    });
  }

  /**
   * Four projects, each allowing only what its Applications need: the root (Applications
   * and AppProjects in argocd), the folders of this repository (their namespaces and
   * cluster-scoped kinds, never argocd), the operators' charts and the tenants' ingress
   * controllers (their Helm repositories and namespaces).
   */
  private projects(env: Environment, destinations: string[], clusterKinds: Array<{ group: string; kind: string }>, charts: HelmChartRef[]): void {
    const cfg = env.config;
    const ns = cfg.namespaces;
    const ops = cfg.operatorNamespaces;
    const argocdNs = ops.argocd;
    const labels = { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': cfg.partOf };
    const byName = (a: { kind: string; group: string }, b: { kind: string; group: string }) => (a.group + a.kind < b.group + b.kind ? -1 : 1);
    const helmClusterKinds = [
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'networking.k8s.io', kind: 'IngressClass' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ];
    new AppProject(this, 'root-project', {
      metadata: { name: rootProjectName(cfg.environment), namespace: argocdNs, labels },
      spec: {
        description: `MATIH ${cfg.environment}: the app-of-apps (dist/${cfg.environment}/argocd)`,
        sourceRepos: [cfg.gitops.repoURL],
        destinations: [{ server: CLUSTER, namespace: argocdNs }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [{ group: 'argoproj.io', kind: 'AppProject' }, { group: 'argoproj.io', kind: 'Application' }],
      },
    });
    new AppProject(this, 'project', {
      metadata: { name: appProjectName(cfg.environment), namespace: argocdNs, labels },
      spec: {
        description: `MATIH ${cfg.environment}: the folders of dist/${cfg.environment} in this repository`,
        sourceRepos: [cfg.gitops.repoURL],
        destinations: [...new Set(destinations)].sort().map((namespace) => ({ server: CLUSTER, namespace })),
        clusterResourceWhitelist: clusterKinds.sort(byName),
      },
    });
    // the Strimzi chart also renders a RoleBinding in each namespace it watches
    const operatorNamespaces = [ops.certManager, ops.externalSecrets, ops.strimzi, ns.ingress, ns.monitoring, ns.kafka];
    new AppProject(this, 'operators-project', {
      metadata: { name: operatorProjectName(cfg.environment), namespace: argocdNs, labels },
      spec: {
        description: `MATIH ${cfg.environment}: operators from their pinned upstream Helm charts`,
        sourceRepos: [...new Set(charts.map((c) => c.repoURL))].sort(),
        destinations: [...new Set(operatorNamespaces)].sort().map((namespace) => ({ server: CLUSTER, namespace })),
        // what the charts install cluster-wide
        clusterResourceWhitelist: helmClusterKinds,
      },
    });
    new AppProject(this, 'tenant-ingress-project', {
      metadata: { name: tenantIngressProjectName(cfg.environment), namespace: argocdNs, labels },
      spec: {
        description: `MATIH ${cfg.environment}: tenants' dedicated ingress controllers`,
        sourceRepos: [cfg.operatorCharts.ingressNginx.repoURL],
        destinations: [{ server: CLUSTER, namespace: `${TENANT_NAMESPACE_PREFIX}*` }],
        clusterResourceWhitelist: helmClusterKinds.filter((k) => k.group !== 'apiextensions.k8s.io'),
      },
    });
  }
}
