/**
 * Reading Argo CD Applications and ApplicationSets out of rendered manifests: only what the
 * sync plan needs (their sources, destination, sync options and wave), from untrusted YAML.
 */
import { parse } from 'yaml';
import { asArray, asMap, asString, type JsonMap } from '../validate/json';
import { groupOf, waveOf } from './sync-tasks';

const ARGO = 'argoproj.io';

/** Where an Application's manifests come from. */
export type ApplicationSource =
  | { readonly type: 'directory'; readonly repoURL: string; readonly path: string; readonly recurse: boolean; readonly targetRevision: string }
  | { readonly type: 'helm'; readonly repoURL: string; readonly chart: string; readonly version: string; readonly values: JsonMap }
  | { readonly type: 'other'; readonly repoURL: string; readonly path: string; readonly what: string };

/** An Application as the plan sees it. */
export interface ApplicationInfo {
  readonly name: string;
  readonly namespace: string;
  /** Its wave in the sync of the Application that renders it. */
  readonly wave: number;
  readonly project: string;
  readonly sources: readonly ApplicationSource[];
  /** The destination cluster: `spec.destination.name`, else its server ("in-cluster" for the local one). */
  readonly cluster: string;
  readonly destinationNamespace: string;
  /** Automated sync: the child syncs itself; otherwise someone must sync it. */
  readonly automated: boolean;
  readonly syncOptions: readonly string[];
  readonly object: JsonMap;
}

/** True for an `argoproj.io` Application. */
export function isApplication(object: unknown): boolean {
  const o = asMap(object);
  return !!o && o.kind === 'Application' && groupOf(asString(o.apiVersion) ?? '') === ARGO;
}

/** True for an `argoproj.io` ApplicationSet. */
export function isApplicationSet(object: unknown): boolean {
  const o = asMap(object);
  return !!o && o.kind === 'ApplicationSet' && groupOf(asString(o.apiVersion) ?? '') === ARGO;
}

const LOCAL_SERVER = 'https://kubernetes.default.svc';

/** Reads an Application (or an ApplicationSet's template, given as an Application-shaped object). */
export function describeApplication(object: JsonMap): ApplicationInfo {
  const metadata = asMap(object.metadata) ?? {};
  const spec = asMap(object.spec) ?? {};
  const destination = asMap(spec.destination) ?? {};
  const server = asString(destination.server) ?? '';
  const syncPolicy = asMap(spec.syncPolicy) ?? {};
  const rawSources = spec.sources !== undefined ? asArray(spec.sources) : [spec.source];
  return {
    name: asString(metadata.name) ?? '',
    namespace: asString(metadata.namespace) ?? '',
    wave: waveOf(object),
    project: asString(spec.project) ?? '',
    sources: rawSources.map((s) => sourceOf(asMap(s) ?? {})),
    cluster: asString(destination.name) ?? (server === LOCAL_SERVER ? 'in-cluster' : server),
    destinationNamespace: asString(destination.namespace) ?? '',
    automated: asMap(syncPolicy.automated) !== undefined && asMap(syncPolicy.automated)?.enabled !== false,
    syncOptions: asArray(syncPolicy.syncOptions).map((o) => asString(o) ?? ''),
    object,
  };
}

function sourceOf(source: JsonMap): ApplicationSource {
  const repoURL = asString(source.repoURL) ?? '';
  const chart = asString(source.chart);
  if (chart !== undefined) {
    const helm = asMap(source.helm) ?? {};
    return { type: 'helm', repoURL, chart, version: asString(source.targetRevision) ?? '', values: asMap(helm.valuesObject) ?? valuesOf(helm.values) };
  }
  const path = asString(source.path) ?? '';
  // a path with a Chart.yaml, kustomization or plugin is rendered by Argo CD's tools; not read here
  const rendered = ['helm', 'kustomize', 'plugin'].find((k) => source[k] !== undefined);
  if (rendered) return { type: 'other', repoURL, path, what: rendered };
  return { type: 'directory', repoURL, path, recurse: asMap(source.directory)?.recurse === true, targetRevision: asString(source.targetRevision) ?? '' };
}

/** A Helm source's `values` (a YAML text), or nothing when it is absent or not a mapping. */
function valuesOf(text: unknown): JsonMap {
  if (typeof text !== 'string') return {};
  try {
    return asMap(parse(text, { version: '1.1' })) ?? {};
  } catch {
    return {};
  }
}

/** True when the Application has the sync option (e.g. `SkipDryRunOnMissingResource=true`). */
export function hasSyncOption(app: ApplicationInfo, option: string): boolean {
  return app.syncOptions.includes(option);
}

/** True when a resource carries the sync option in its `argocd.argoproj.io/sync-options` annotation. */
export function resourceHasSyncOption(object: JsonMap, option: string): boolean {
  const value = asString(asMap(asMap(object.metadata)?.annotations)?.['argocd.argoproj.io/sync-options']) ?? '';
  return value
    .split(',')
    .map((v) => v.trim())
    .includes(option);
}

/** The `CreateNamespace=true` option's namespace, if the Application sets it. */
export function createdNamespace(app: ApplicationInfo): string | undefined {
  return hasSyncOption(app, 'CreateNamespace=true') && app.destinationNamespace ? app.destinationNamespace : undefined;
}

/** `namespace/name`, the way Argo CD names an Application. */
export function applicationId(app: { readonly namespace: string; readonly name: string }): string {
  return app.namespace ? `${app.namespace}/${app.name}` : app.name;
}
