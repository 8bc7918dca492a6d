/**
 * Renders environments to files in memory. Nothing is written here: main.ts writes only
 * after every environment rendered without error.
 */
import { EnvironmentName, loadEnvironment, PlatformConfig } from '../config';
import { parseTenants, Tenant, TENANTS_FILE } from '../config/tenants';
import { renderApp, RenderedFile } from '../lib/render';
import { buildPlatform } from './platform';

/** Loads, validates, builds and renders each environment into `<env>/<folder>/<file>.yaml`. */
export function renderEnvironments(envs: readonly EnvironmentName[], readFile: (path: string) => string): RenderedFile[] {
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
  const files: RenderedFile[] = [];
  for (const env of loaded) files.push(...renderApp(buildPlatform(env, tenants), env.config.environment));
  return files;
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
