/**
 * Loads and validates all configuration once, before any chart is built: the platform's
 * settings (base + environment override), the clusters and their Terraform outputs, the
 * two other systems' settings and the tenants. Every problem of every file is reported at
 * once, each naming the file, the path, the rule and the value.
 */
import { parse as parseYaml } from 'yaml';
import { cidrContains } from '../lib/k8s/formats';
import { type z } from 'zod';
import { aiPlatformBase, AI_PLATFORM_OVERRIDES } from './ai-platform';
import { base } from './base';
import { dev } from './dev';
import { maiaRunnerBase, MAIA_RUNNER_OVERRIDES } from './maia-runner';
import { prod } from './prod';
import { type SystemName } from './schema/clusters';
import { platformSchema, type PlatformSettings } from './schema/platform';
import { ConfigError, deepMerge, type DeepPartial, formatPath, hasPath, issueLines } from './schema/problems';
import type { StackSettings } from './schema/stack';
import { aiPlatformSchema, type AiPlatformSettings, maiaRunnerSchema, type MaiaRunnerSettings } from './schema/systems';
import { terraformSchema, type TerraformOutputs, toTerraformOutputs } from './schema/terraform';
import { ENVIRONMENTS, type EnvironmentName, type Tenant, tenantsFileSchema } from './schema/tenants';
import { staging } from './staging';
import { CLUSTER_IDENTITIES, SYSTEM_IDENTITIES } from './systems';

export type { DeepPartial } from './schema/problems';
export type { SystemName } from './schema/clusters';
export { MAX_ROLLOUT_GROUP } from './schema/clusters';
export type { HelmChartRef, PlatformSettings, TenantTierName } from './schema/platform';
export type { AiPlatformSettings, MaiaRunnerSettings } from './schema/systems';
export type { AlertName, MonitoringSettings } from './schema/monitoring';
export type { TerraformOutputs } from './schema/terraform';
export { ENVIRONMENTS } from './schema/tenants';
export type { EnvironmentName, Tenant } from './schema/tenants';

/** One cluster of an environment, with what Terraform says of it. */
export interface Cluster {
  readonly name: string;
  readonly settings: PlatformSettings['clusters'][string];
  readonly terraform: TerraformOutputs;
  /** Where the Terraform outputs came from, for messages. */
  readonly terraformFile: string;
}

/** One environment, loaded and validated. */
export interface Environment {
  readonly name: EnvironmentName;
  readonly platform: PlatformSettings;
  readonly maiaRunner: MaiaRunnerSettings;
  readonly aiPlatform: AiPlatformSettings;
  /** The clusters, sorted by name. */
  readonly clusters: readonly Cluster[];
  /** The tenants of this environment, sorted by slug. */
  readonly tenants: readonly Tenant[];
}

export const TENANTS_FILE = 'config/tenants.yaml';

/** The configuration written in TypeScript: each setting's shared values and its per-environment overrides. */
export interface ConfigSources {
  readonly platform: { readonly base: DeepPartial<PlatformSettings>; readonly overrides: Readonly<Record<EnvironmentName, DeepPartial<PlatformSettings>>> };
  readonly maiaRunner: { readonly base: MaiaRunnerSettings; readonly overrides: Readonly<Record<EnvironmentName, DeepPartial<MaiaRunnerSettings>>> };
  readonly aiPlatform: { readonly base: AiPlatformSettings; readonly overrides: Readonly<Record<EnvironmentName, DeepPartial<AiPlatformSettings>>> };
}

/** The repository's own configuration. */
export const CONFIG_SOURCES: ConfigSources = {
  platform: { base, overrides: { dev, staging, prod } },
  maiaRunner: { base: maiaRunnerBase, overrides: MAIA_RUNNER_OVERRIDES },
  aiPlatform: { base: aiPlatformBase, overrides: AI_PLATFORM_OVERRIDES },
};

/** The Terraform outputs file of a cluster, relative to the repository. */
export function terraformFile(env: EnvironmentName, cluster: string): string {
  return `config/terraform/${env}/${cluster}.json`;
}

/** Reads a file relative to the repository; throws when it is missing. */
export type ReadFile = (path: string) => string;

/** Loads and validates the named environments. @throws ConfigError listing every problem */
export function loadConfig(envs: readonly EnvironmentName[], readFile: ReadFile, sources: ConfigSources = CONFIG_SOURCES): Environment[] {
  const problems: string[] = [];
  const tenants = loadTenants(readFile, problems);
  const out: Environment[] = [];
  for (const name of envs) {
    const env = loadEnvironment(name, readFile, sources, tenants, problems);
    if (env) out.push(env);
  }
  if (tenants) {
    try {
      parseTenants(readFile(TENANTS_FILE), reservedNames(out));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}

/** Parses `data` with `schema`, adding one line per issue to `problems`. */
function parsed<T extends z.ZodType>(
  schema: T,
  data: unknown,
  problems: string[],
  fileOf: (path: readonly PropertyKey[]) => string,
  pathOf?: (path: readonly PropertyKey[]) => string,
): z.infer<T> | undefined {
  const r = schema.safeParse(data, { reportInput: true });
  if (r.success) return r.data;
  problems.push(...issueLines(r.error.issues, { fileOf, pathOf }));
  return undefined;
}

function loadEnvironment(
  name: EnvironmentName,
  readFile: ReadFile,
  sources: ConfigSources,
  tenants: readonly Tenant[] | undefined,
  problems: string[],
): Environment | undefined {
  const before = problems.length;
  const platformOverride = sources.platform.overrides[name];
  const merged = deepMerge<unknown>(sources.platform.base, platformOverride);
  const platform = parsed(platformSchema, merged, problems, (path) => (hasPath(platformOverride, path) ? `config/${name}.ts` : 'config/base.ts'));
  const maiaRunner = parsed(
    maiaRunnerSchema,
    deepMerge<unknown>(sources.maiaRunner.base, sources.maiaRunner.overrides[name] as never),
    problems,
    () => 'config/maia-runner.ts',
    (path) => formatPath([name, ...path]),
  );
  const aiPlatform = parsed(
    aiPlatformSchema,
    deepMerge<unknown>(sources.aiPlatform.base, sources.aiPlatform.overrides[name] as never),
    problems,
    () => 'config/ai-platform.ts',
    (path) => formatPath([name, ...path]),
  );
  // the clusters' Terraform files are checked even when the settings are not, so one run reports both
  const clusterNames = Object.keys(platform?.clusters ?? (merged as { clusters?: object } | undefined)?.clusters ?? {}).sort();
  const outputs = new Map(clusterNames.map((c) => [c, loadTerraform(terraformFile(name, c), readFile, problems)]));
  if (!platform || !maiaRunner || !aiPlatform) return undefined;

  const override = `config/${name}.ts`;
  if (name === 'prod' && (platform.kafka.replicationFactor < 3 || platform.kafka.minInSyncReplicas < 2)) {
    problems.push(
      `${override}: kafka.replicationFactor must be at least 3 with minInSyncReplicas at least 2 in prod (got ${platform.kafka.replicationFactor} and ${platform.kafka.minInSyncReplicas})`,
    );
  }
  const clusters: Cluster[] = [];
  for (const clusterName of clusterNames) {
    const settings = platform.clusters[clusterName];
    const file = terraformFile(name, clusterName);
    const terraform = outputs.get(clusterName);
    if (!terraform) continue;
    if (terraform.location !== settings.region) {
      problems.push(
        `${file}: location.value must be the region config/${name}.ts gives clusters.${clusterName} (got "${terraform.location}", expected "${settings.region}")`,
      );
    }
    if (terraform.aksClusterName !== clusterName) {
      problems.push(
        `${file}: aks_cluster_name.value must be the cluster's name in config/${name}.ts (got "${terraform.aksClusterName}", expected "${clusterName}")`,
      );
    }
    const needed = [...CLUSTER_IDENTITIES, ...settings.systems.flatMap((s: SystemName) => SYSTEM_IDENTITIES[s])];
    for (const workload of [...new Set(needed)].sort()) {
      if (!terraform.workloadIdentityClientIds[workload]) {
        problems.push(
          `${file}: workload_identity_client_ids.value.${workload} is required: ${workload} runs on cluster ${clusterName} with a Workload Identity (got nothing)`,
        );
      }
    }
    if (settings.systems.includes('ai-platform') && !isInZone(aiPlatform.host, terraform.dnsZoneName)) {
      problems.push(
        `config/ai-platform.ts: ${name}.host must lie in the DNS zone "${terraform.dnsZoneName}" of ${file}, where cert-manager solves DNS-01 (got "${aiPlatform.host}")`,
      );
    }
    if (settings.systems.includes('maia-runner')) checkWarehouses(name, clusterName, [terraform.vnetCidr, settings.network.serviceCidr], maiaRunner, problems);
    clusters.push({ name: clusterName, settings, terraform, terraformFile: file });
  }
  checkPools(name, platform, maiaRunner, aiPlatform, problems);
  if (problems.length > before) return undefined;
  const here = (tenants ?? []).filter((t) => t.environments.includes(name));
  return { name, platform, maiaRunner, aiPlatform, clusters, tenants: here };
}

/** Reads and validates one cluster's Terraform outputs; undefined (with the problems noted) when they are not usable. */
function loadTerraform(file: string, readFile: ReadFile, problems: string[]): TerraformOutputs | undefined {
  let text: string;
  try {
    text = readFile(file);
  } catch {
    problems.push(`${file}: missing; save the cluster's Terraform outputs with 'terraform output -json > ${file}'`);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    problems.push(`${file}: is not valid JSON (${(e as Error).message}); regenerate it with 'terraform output -json > ${file}'`);
    return undefined;
  }
  const outputs = parsed(terraformSchema, json, problems, () => file);
  return outputs && toTerraformOutputs(outputs);
}

function isInZone(host: string, zone: string): boolean {
  return host === zone || host.endsWith(`.${zone}`);
}

/** The runner's warehouse egress must not reach into the cluster that runs it (its VNet and Service ranges). */
function checkWarehouses(name: EnvironmentName, cluster: string, own: readonly string[], maia: MaiaRunnerSettings, problems: string[]): void {
  for (const [warehouse, w] of Object.entries(maia.warehouses)) {
    w.cidrs.forEach((cidr, i) => {
      const hit = own.find((range) => cidrContains(range, cidr) || cidrContains(cidr, range));
      if (hit)
        problems.push(
          `config/maia-runner.ts: ${name}.warehouses.${warehouse}.cidrs[${i}] must lie outside cluster ${cluster}'s own range ${hit}: egress to a warehouse may not open the cluster (got "${cidr}")`,
        );
    });
  }
}

/** Every pool a system's settings name exists on each cluster that runs the system. */
function checkPools(name: EnvironmentName, platform: PlatformSettings, maia: MaiaRunnerSettings, ai: AiPlatformSettings, problems: string[]): void {
  const wants: Array<[SystemName, string, string]> = [
    ...Object.entries(platform.tenantTiers).map(([tier, t]): [SystemName, string, string] => ['matih', t.pool, `config/base.ts: tenantTiers.${tier}.pool`]),
    ['maia-runner', maia.pool, `config/maia-runner.ts: ${name}.pool`],
    ...stackPools(platform.stack).map(([path, pool]): [SystemName, string, string] => ['matih', pool, `config/stack.ts or config/${name}.ts: stack.${path}`]),
    ...Object.entries({ ...ai.services, ...ai.stores }).map(([svc, s]): [SystemName, string, string] => [
      'ai-platform',
      s.pool,
      `config/ai-platform.ts: ${name}.${svc}.pool`,
    ]),
  ];
  for (const [system, pool, where] of wants) {
    for (const [clusterName, cluster] of Object.entries(platform.clusters)) {
      if (cluster.systems.includes(system) && !(pool in cluster.pools)) {
        problems.push(
          `${where} must name a node pool of cluster ${clusterName}, which runs ${system} (pools: ${Object.keys(cluster.pools).join(', ')}) (got "${pool}")`,
        );
      }
    }
  }
}

/** The pools the stack's settings name, by path; the Ray cluster's only where it runs. */
function stackPools(stack: StackSettings): Array<[string, string]> {
  const pools: Array<[string, string]> = [['temporal.pool', stack.temporal.pool]];
  if (stack.ray.enabled) pools.push(['ray.head.pool', stack.ray.head.pool], ['ray.gpuWorkers.pool', stack.ray.gpuWorkers.pool]);
  return pools;
}

function loadTenants(readFile: ReadFile, problems: string[]): Tenant[] | undefined {
  let text: string;
  try {
    text = readFile(TENANTS_FILE);
  } catch {
    problems.push(`${TENANTS_FILE}: missing; it lists the tenants (an empty list is 'tenants: []')`);
    return undefined;
  }
  try {
    return parseTenants(text);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
    return undefined;
  }
}

/**
 * Parses and validates `config/tenants.yaml` (sorted by slug). `reserved` holds names a slug
 * may not take. @throws ConfigError listing every problem, each naming the entry by index and slug
 */
export function parseTenants(text: string, reserved: ReadonlySet<string> = new Set()): Tenant[] {
  let data: unknown;
  try {
    data = parseYaml(text, { version: '1.2', uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    const err = e as { message: string; linePos?: Array<{ line: number; col: number }> };
    const what = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError([`${TENANTS_FILE}: is not valid YAML: ${what}${err.linePos ? ` (line ${err.linePos[0].line}, column ${err.linePos[0].col})` : ''}`]);
  }
  const list = (data as { tenants?: unknown } | null)?.tenants;
  const label = (path: readonly PropertyKey[]): string => {
    if (path[0] !== 'tenants' || typeof path[1] !== 'number') return formatPath(path);
    const slug = Array.isArray(list) ? (list[path[1]] as { slug?: unknown } | null)?.slug : undefined;
    return `tenants[${path[1]}]${typeof slug === 'string' ? ` (${slug})` : ''}${path.length > 2 ? `.${formatPath(path.slice(2))}` : ''}`;
  };
  const problems: string[] = [];
  const file = parsed(tenantsFileSchema, data, problems, () => TENANTS_FILE, label);
  file?.tenants.forEach((t, i) => {
    if (reserved.has(t.slug) || t.slug.startsWith('kube-') || t.slug.startsWith('matih')) {
      problems.push(
        `${TENANTS_FILE}: tenants[${i}] (${t.slug}).slug must not be named like a platform namespace (reserved: the platform and operator namespaces, their short names, kube-*, matih*) (got "${t.slug}")`,
      );
    }
  });
  if (problems.length > 0 || !file) throw new ConfigError(problems);
  return [...file.tenants].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/** Names a tenant slug may not take: every namespace the environments own, and their short names. */
export function reservedNames(envs: readonly Environment[]): Set<string> {
  const reserved = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
  for (const env of envs) {
    const p = env.platform;
    for (const ns of [
      ...Object.values(p.namespaces),
      ...Object.values(p.operatorNamespaces),
      p.monitoring.nodeExporterNamespace,
      env.maiaRunner.namespace,
      env.aiPlatform.namespace,
    ]) {
      reserved.add(ns);
      if (ns.startsWith(`${p.partOf}-`)) reserved.add(ns.slice(p.partOf.length + 1));
    }
  }
  return reserved;
}

/** Checks `env` names a known environment. */
export function isEnvironment(env: string): env is EnvironmentName {
  return (ENVIRONMENTS as readonly string[]).includes(env);
}
