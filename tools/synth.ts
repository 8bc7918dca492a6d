/**
 * Renders environments to files in memory. Nothing is written here: main.ts writes only
 * after every environment rendered without error.
 */
import { EnvironmentName, loadEnvironment, PlatformConfig } from '../config';
import { parseTenants, Tenant, TENANTS_FILE } from '../config/tenants';
import { renderApp, RenderedFile } from '../lib/render/render';
import { formatProblem } from './validate/problem';
import { checkReferences } from './validate/validate';
import { buildPlatform } from '../charts/platform';

/** Milliseconds spent in each phase of a render. */
export interface RenderTimings {
  config: number;
  construct: number;
  serialize: number;
  references: number;
}

/** Loads, validates, builds and renders each environment into `<env>/<folder>/<file>.yaml`. */
export function renderEnvironments(
  envs: readonly EnvironmentName[], readFile: (path: string) => string, timings?: RenderTimings,
  options: { readonly keepObjects?: boolean } = {},
): RenderedFile[] {
  const keepObjects = options.keepObjects ?? true;
  let t = performance.now();
  const lap = (phase: keyof RenderTimings) => {
    const now = performance.now();
    if (timings) timings[phase] += now - t;
    t = now;
  };
  const loaded = envs.map((name) => loadEnvironment(name, readFile));
  let tenants: Tenant[] = [];
  if (loaded.length > 0) {
    let text: string;
    try {
      text = readFile(TENANTS_FILE);
    } catch {
      throw new Error(`${TENANTS_FILE}: missing; it lists the tenants (an empty list is 'tenants: []')`);
    }
    tenants = parseTenants(text, reservedNames(loaded[0].config));
  }
  lap('config');
  const files: RenderedFile[] = [];
  const problems: string[] = [];
  for (const env of loaded) {
    const app = buildPlatform(env, tenants);
    lap('construct');
    const rendered = renderApp(app, env.config.environment);
    lap('serialize');
    problems.push(...danglingReferences(rendered));
    lap('references');
    // once checked, the objects are not needed to write: let them go before the next environment
    for (const f of rendered) files.push(keepObjects ? f : { path: f.path, content: f.content, object: undefined as never });
  }
  if (problems.length > 0) throw new Error(`the rendered objects reference what nothing renders:\n  ${problems.join('\n  ')}`);
  return files;
}

/** Secrets that operators create at run time rather than this repository. */
const OPERATOR_SECRETS: readonly string[] = [];

/**
 * Every environment is one cluster: a Secret, ConfigMap, ServiceAccount or Service URL
 * that a pod names must be rendered beside it (an ExternalSecret target counts). Returns
 * one line per dangling reference.
 */
export function danglingReferences(rendered: readonly RenderedFile[]): string[] {
  const objects = rendered.map((f, index) => ({ file: f.path, index, object: f.object }));
  return checkReferences(objects, { externalSecrets: OPERATOR_SECRETS }).map(formatProblem);
}

/** Names a tenant slug may not take: every namespace the platform owns, and their short names. */
export function reservedNames(cfg: PlatformConfig): Set<string> {
  const names = new Set<string>(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
  for (const ns of [...Object.values(cfg.namespaces), ...Object.values(cfg.operatorNamespaces)]) {
    names.add(ns);
    if (ns.startsWith(`${cfg.partOf}-`)) names.add(ns.slice(cfg.partOf.length + 1));
  }
  return names;
}
