/**
 * The synth pipeline, in memory: load and validate all configuration once, build each
 * environment, render it, and check every cluster's references. Nothing is written here:
 * main.ts writes only after every environment rendered without error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildEnvironment } from '../charts/environment';
import { type ConfigSources, type EnvironmentName, loadConfig, type ReadFile } from '../config';
import { renderApp, type RenderedFile } from '../lib/render/render';
import { applicationsByDestination } from './validate/destinations';
import { formatProblem, type LoadedObject } from './validate/problem';
import { checkReferences } from './validate/validate';

/** Milliseconds spent in each phase of a render. */
export interface RenderTimings {
  config: number;
  construct: number;
  serialize: number;
  references: number;
}

/**
 * Loads, validates, builds and renders each environment into `<env>/<cluster>/<folder>/<file>.yaml`,
 * and its hand-off files into `<env>/bootstrap/<file>.yaml` (the argo-cd chart's values).
 */
export function renderEnvironments(
  envs: readonly EnvironmentName[],
  readFile: ReadFile,
  timings?: RenderTimings,
  options: { readonly keepObjects?: boolean; readonly sources?: ConfigSources } = {},
): RenderedFile[] {
  const keepObjects = options.keepObjects ?? true;
  let t = performance.now();
  const lap = (phase: keyof RenderTimings) => {
    const now = performance.now();
    if (timings) timings[phase] += now - t;
    t = now;
  };
  const loaded = loadConfig(envs, readFile, options.sources);
  lap('config');
  const files: RenderedFile[] = [];
  const problems: string[] = [];
  for (const env of loaded) {
    const app = buildEnvironment(env);
    lap('construct');
    const rendered = renderApp(app, env.name);
    lap('serialize');
    problems.push(...danglingReferences(rendered));
    lap('references');
    // once checked, the objects are not needed to write: let them go before the next environment
    for (const f of rendered) files.push(keepObjects ? f : { path: f.path, content: f.content, object: {}, ...(f.handoff ? { handoff: true } : {}) });
  }
  if (problems.length > 0) throw new Error(`the rendered objects reference what nothing renders:\n  ${problems.join('\n  ')}`);
  return files;
}

/**
 * Each cluster (`<env>/<cluster>/`) on its own: a Secret, ConfigMap, ServiceAccount or
 * Service URL that a pod names must be rendered beside it (an ExternalSecret target counts, and
 * so does a Service of a chart whose Application, in any cluster's folder, deploys there).
 * Returns one line per dangling reference.
 */
export function danglingReferences(rendered: readonly RenderedFile[]): string[] {
  const byCluster = new Map<string, { env: string; cluster: string; objects: LoadedObject[] }>();
  for (const f of rendered) {
    if (f.handoff) continue;
    const [env, cluster] = f.path.split('/');
    const key = `${env}/${cluster}`;
    if (!byCluster.has(key)) byCluster.set(key, { env, cluster, objects: [] });
    byCluster.get(key)!.objects.push({ file: f.path, index: 0, object: f.object });
  }
  const applications = applicationsByDestination([...byCluster.values()]);
  return [...byCluster.keys()].sort().flatMap((c) => checkReferences(byCluster.get(c)!.objects, {}, applications.get(c)).map(formatProblem));
}

/** Where a data file named `config/...` (as config/ and its messages name it) lies in the data folder `configDir`. */
export function dataFilePath(configDir: string, rel: string): string {
  return path.join(configDir, path.relative('config', rel));
}

/** Reads the data files (Terraform outputs, tenants) from `configDir` in place of config/. */
export function dataFileReader(configDir: string): ReadFile {
  return (rel) => fs.readFileSync(dataFilePath(configDir, rel), 'utf8');
}
