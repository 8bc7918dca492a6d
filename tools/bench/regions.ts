/**
 * The bench's multi-region case: every environment with `count` clusters, as a platform team
 * running MATIH in ten regions under one Argo CD per environment would have them. The
 * repository's own clusters stay; each added cluster `matih-<env>-<region>` is a copy of
 * `matih-<env>` (the MATIH system and the Maia runner, same pools) in another Azure region, with
 * a Terraform outputs file of its own (a copy of `matih-<env>`'s with its name and location).
 */
import * as fs from 'fs';
import { CONFIG_SOURCES, type ConfigSources, ENVIRONMENTS, terraformFile } from '../../config';
import { main as synth } from '../cli/synth';
import type { Output } from '../cli/command-line';
import { dataFilePath } from '../synth';

/** Azure regions for the added clusters, in the order they are added. */
const REGIONS = [
  'westeurope',
  'northeurope',
  'francecentral',
  'germanywestcentral',
  'swedencentral',
  'uksouth',
  'switzerlandnorth',
  'norwayeast',
  'eastus',
  'westus3',
  'canadacentral',
  'japaneast',
];

/** How many clusters per environment the case renders when `BENCH_CLUSTERS` does not say. */
const DEFAULT_CLUSTERS = 10;

/** The names and regions of the clusters added to an environment that has `existing` clusters, up to `count`. */
export function addedClusters(env: string, existing: number, count: number): Array<{ name: string; region: string }> {
  if (count - existing > REGIONS.length) throw new Error(`at most ${REGIONS.length + existing} clusters per environment, got ${count}`);
  return REGIONS.slice(0, Math.max(0, count - existing)).map((region) => ({ name: `matih-${env}-${region}`, region }));
}

/** `base` with every environment grown to `count` clusters. */
export function regionSources(base: ConfigSources, count: number): ConfigSources {
  const overrides = Object.fromEntries(
    ENVIRONMENTS.map((env) => {
      const o = base.platform.overrides[env];
      const clusters = { ...o.clusters };
      const template = clusters[`matih-${env}`];
      if (!template) throw new Error(`${env} has no cluster matih-${env} to copy`);
      for (const c of addedClusters(env, Object.keys(clusters).length, count)) clusters[c.name] = { ...template, region: c.region };
      return [env, { ...o, clusters }];
    }),
  ) as ConfigSources['platform']['overrides'];
  return { ...base, platform: { ...base.platform, overrides } };
}

/** Writes into the data folder `configDir` (a copy of config/) the Terraform outputs of the clusters `regionSources` adds. */
export function writeRegionData(configDir: string, base: ConfigSources, count: number): void {
  for (const env of ENVIRONMENTS) {
    const existing = Object.keys(base.platform.overrides[env].clusters ?? {}).length;
    const template = JSON.parse(fs.readFileSync(dataFilePath(configDir, terraformFile(env, `matih-${env}`)), 'utf8')) as Record<string, { value: unknown }>;
    for (const c of addedClusters(env, existing, count)) {
      const outputs = { ...template, location: { ...template.location, value: c.region }, aks_cluster_name: { ...template.aks_cluster_name, value: c.name } };
      fs.writeFileSync(dataFilePath(configDir, terraformFile(env, c.name)), `${JSON.stringify(outputs, null, 2)}\n`);
    }
  }
}

/** Clusters per environment: `BENCH_CLUSTERS`, or 10. */
export function clustersPerEnvironment(): number {
  const n = Number(process.env.BENCH_CLUSTERS ?? DEFAULT_CLUSTERS);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_CLUSTERS must be a positive integer, got "${process.env.BENCH_CLUSTERS}"`);
  return n;
}

/** The synth of the multi-region case (`node tools/run.js tools/bench/regions.ts ...`, as the bench runs it): the same command over the grown clusters. */
export function main(argv: readonly string[], out?: Output): number {
  return synth(argv, out, regionSources(CONFIG_SOURCES, clustersPerEnvironment()));
}
