/**
 * What every MATIH chart shares: the environment and the cluster it renders for, the
 * platform's labels, placement by pool name, and one output folder per chart
 * (`dist/<env>/<cluster>/<folder>/`, one Argo CD application).
 */
import { type App } from 'cdk8s';
import type { Cluster, Environment, PlatformSettings, SystemName, TerraformOutputs } from '../config';
import type { NodePool } from '../lib/node-pool';
import { FolderChart } from '../lib/render/render';
import { ServiceWorkload } from '../lib/workload/service-workload';
import type { HelmRelease } from './operators/release';

/** `app.kubernetes.io/managed-by` on everything this repository renders. */
export const MANAGED_BY = 'matih-manifests';

/** Argo CD sync options that keep a resource when it disappears from git or its app is deleted. */
export const PROTECT_ANNOTATIONS = { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } as const;

/** The environment and one of its clusters, as the charts of that cluster see them. */
export class ClusterContext {
  private readonly helmReleases: HelmRelease[] = [];

  constructor(
    public readonly app: App,
    public readonly env: Environment,
    public readonly cluster: Cluster,
  ) {}

  /** The upstream Helm charts installed on this cluster (Argo CD renders an Application for each). */
  public get releases(): readonly HelmRelease[] {
    return this.helmReleases;
  }

  /** Installs an upstream Helm chart on this cluster. */
  public addRelease(release: HelmRelease): void {
    if (this.helmReleases.some((r) => r.name === release.name)) throw new Error(`cluster ${this.name}: two Helm releases are named "${release.name}"`);
    this.helmReleases.push(release);
  }

  /** The cluster's name, as Argo CD knows it. */
  public get name(): string {
    return this.cluster.name;
  }

  public get platform(): PlatformSettings {
    return this.env.platform;
  }

  public get terraform(): TerraformOutputs {
    return this.cluster.terraform;
  }

  /** True when the cluster runs `system`. */
  public runs(system: SystemName): boolean {
    return this.cluster.settings.systems.includes(system);
  }

  /** True when this cluster hosts the environment's Argo CD. */
  public get isManagement(): boolean {
    return this.env.platform.gitops.managementCluster === this.cluster.name;
  }

  /** The platform's common labels. */
  public labels(partOf = this.platform.partOf): Record<string, string> {
    return { 'app.kubernetes.io/managed-by': MANAGED_BY, 'app.kubernetes.io/part-of': partOf };
  }

  /** A node pool of this cluster, by name. @throws naming the config file, the cluster and who asked */
  public pool(name: string, usedBy: string): NodePool {
    const pool = this.cluster.settings.pools[name];
    if (!pool) {
      throw new Error(
        `config/${this.env.name}.ts: clusters.${this.name}.pools has no pool "${name}", which ${usedBy} is placed on (pools: ${Object.keys(this.cluster.settings.pools).join(', ')})`,
      );
    }
    return { name, taint: pool.taint };
  }

  /** The client ID of a workload's managed identity, from the cluster's Terraform outputs. */
  public identity(workload: string): string {
    const id = this.terraform.workloadIdentityClientIds[workload];
    if (!id)
      throw new Error(
        `${this.cluster.terraformFile}: workload_identity_client_ids.value.${workload} is required: ${workload} reaches Azure through a Workload Identity`,
      );
    return id;
  }

  /** Every service declared on this cluster, in path order. */
  public services(): ServiceWorkload[] {
    return platformCharts(this.app)
      .filter((chart) => chart.ctx === this)
      .flatMap((chart) => chart.node.findAll().filter((c): c is ServiceWorkload => c instanceof ServiceWorkload))
      .sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
  }

  /** A chart rendering into `dist/<env>/<cluster>/<folder>/`. */
  public chart(folder: string, homeNamespace?: string): PlatformChart {
    return new PlatformChart(this, folder, homeNamespace);
  }
}

/** Every chart of an environment's app that renders a folder of a cluster, in folder order. */
export function platformCharts(app: App): PlatformChart[] {
  const charts: PlatformChart[] = [];
  for (const c of app.node.children) if (c instanceof PlatformChart) charts.push(c as PlatformChart);
  return charts.sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

/** A chart of one cluster: one folder of dist/ and one Argo CD application. */
export class PlatformChart extends FolderChart {
  /** The folder's own name, under the cluster's folder. */
  public readonly name: string;

  constructor(
    public readonly ctx: ClusterContext,
    name: string,
    homeNamespace?: string,
  ) {
    super(ctx.app, `${ctx.name}.${name}`, { folder: `${ctx.name}/${name}`, homeNamespace });
    this.name = name;
  }

  public get platform(): PlatformSettings {
    return this.ctx.platform;
  }
}
