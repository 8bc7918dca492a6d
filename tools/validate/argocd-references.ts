import { groupOf, type Inventory } from './inventory';
import { asArray, asMap, asString, type JsonMap } from './json';
import { type ReferenceFinding } from './pod-references';
import { type LoadedObject, objectId } from './problem';

const ARGO = 'argoproj.io';
const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
/** At most this many resources are named in one message. */
const MAX_NAMED = 5;

/**
 * Checks an Argo CD Application against the AppProject it names and the folders it
 * syncs, the way Argo CD judges it at sync time:
 *
 * - `ref/appProject`: the AppProject exists in the Application's namespace (`default`
 *   always does), allows the source repository (`sourceRepos`) and the destination
 *   (`destinations`);
 * - `ref/appPath`: a directory source's `path` holds YAML in this run (directly in the
 *   folder unless `directory.recurse` is set). Paths are taken relative to the working
 *   directory, the repository root for the CLI, and judged only when the run holds files
 *   under the path's first segment (`dist/`);
 * - `ref/appResources`: every object in that folder is allowed by the project: a
 *   cluster-scoped kind must be in `clusterResourceWhitelist` (a project without one
 *   allows none) and not in `clusterResourceBlacklist`, a namespaced kind must pass
 *   `namespaceResourceWhitelist`/`namespaceResourceBlacklist`, and its namespace must be a
 *   permitted destination. Argo CD refuses to sync anything else.
 */
export function checkApplication(loaded: LoadedObject, inventory: Inventory, folders: FolderIndex): ReferenceFinding[] {
  const { namespace } = objectId(loaded.object);
  const spec = asMap(asMap(loaded.object)?.spec) ?? {};
  const projectName = asString(spec.project) ?? '';
  const project = inventory.get(ARGO, 'AppProject', namespace, projectName)[0];
  if (!project && projectName !== 'default') {
    return [{ rule: 'ref/appProject', message: `spec.project: no AppProject "${projectName}" in namespace "${namespace}"` }];
  }
  const projectSpec = asMap(asMap(project?.object)?.spec);
  const out: ReferenceFinding[] = [];
  const destination = asMap(spec.destination) ?? {};
  const cluster = resolveDestination(destination);
  const destNamespace = asString(destination.namespace) ?? '';
  if (projectSpec && !destinationAllowed(projectSpec, cluster, destNamespace)) {
    // Argo CD rejects the Application with InvalidSpecError before reading the repository
    const hint = destNamespace ? '' : '; an empty namespace matches only a destination namespace "*": set spec.destination.namespace';
    out.push({
      rule: 'ref/appProject',
      message: `spec.destination (${cluster.server || cluster.name}, namespace "${destNamespace}") is not among the destinations of AppProject "${projectName}"${hint}`,
    });
  }
  const sources = spec.sources !== undefined ? asArray(spec.sources) : [spec.source];
  sources.forEach((raw, i) => {
    const source = asMap(raw);
    if (!source) return;
    const at = spec.sources !== undefined ? `spec.sources[${i}]` : 'spec.source';
    const repoURL = asString(source.repoURL) ?? '';
    if (projectSpec && !sourceAllowed(projectSpec, repoURL)) {
      out.push({ rule: 'ref/appProject', message: `${at}.repoURL "${repoURL}" is not among the sourceRepos of AppProject "${projectName}"` });
    }
    const path = asString(source.path);
    if (path === undefined || source.chart !== undefined || !folders.judges(path)) return;
    const recurse = asMap(source.directory)?.recurse === true;
    const synced = folders.objectsIn(path, recurse);
    if (!synced.length) {
      const deeper = !recurse && folders.objectsIn(path, true).length > 0;
      out.push({
        rule: 'ref/appPath',
        message: `${at}.path "${path}" holds no YAML ${deeper ? 'directly (its files are in subfolders: set directory.recurse)' : 'in this run'}`,
      });
    } else if (projectSpec) {
      out.push(...checkResources(synced, projectSpec, projectName, cluster, destNamespace));
    }
  });
  return out;
}

function checkResources(
  objects: readonly LoadedObject[],
  project: JsonMap,
  projectName: string,
  cluster: { server: string; name: string },
  defaultNamespace: string,
): ReferenceFinding[] {
  const deniedKinds = new Set<string>();
  const deniedNamespaces = new Set<string>();
  for (const loaded of objects) {
    const id = objectId(loaded.object);
    const group = groupOf(id.apiVersion);
    if (!id.namespace) {
      if (!kindListed(project.clusterResourceWhitelist, group, id.kind) || kindListed(project.clusterResourceBlacklist, group, id.kind)) {
        deniedKinds.add(`${group || 'core'}/${id.kind} (cluster-scoped)`);
      }
      continue;
    }
    const whitelist = project.namespaceResourceWhitelist;
    if ((whitelist !== undefined && !kindListed(whitelist, group, id.kind)) || kindListed(project.namespaceResourceBlacklist, group, id.kind)) {
      deniedKinds.add(`${group || 'core'}/${id.kind}`);
    }
    const namespace = id.namespace || defaultNamespace;
    if (!destinationAllowed(project, cluster, namespace)) deniedNamespaces.add(namespace);
  }
  const out: ReferenceFinding[] = [];
  if (deniedKinds.size) {
    out.push({ rule: 'ref/appResources', message: `AppProject "${projectName}" does not permit ${named([...deniedKinds])} in the synced folder` });
  }
  if (deniedNamespaces.size) {
    out.push({
      rule: 'ref/appResources',
      message: `AppProject "${projectName}" has no destination for namespace ${named([...deniedNamespaces].map((n) => `"${n}"`))} used in the synced folder`,
    });
  }
  return out;
}

function named(items: string[]): string {
  const sorted = items.sort();
  return sorted.length > MAX_NAMED ? `${sorted.slice(0, MAX_NAMED).join(', ')} and ${sorted.length - MAX_NAMED} more` : sorted.join(', ');
}

/** The destination as Argo CD resolves it: the in-cluster server and its name are the same cluster. */
function resolveDestination(destination: JsonMap): { server: string; name: string } {
  const server = asString(destination.server) ?? '';
  const name = asString(destination.name) ?? '';
  if (server === IN_CLUSTER_SERVER || name === 'in-cluster') return { server: IN_CLUSTER_SERVER, name: 'in-cluster' };
  return { server, name };
}

/**
 * Whether the project's destinations permit a server and namespace: one entry must
 * match, and no deny entry (`!pattern`) may exclude it, as in Argo CD's
 * `AppProject.isDestinationMatched`.
 */
function destinationAllowed(project: JsonMap, dst: { server: string; name: string }, namespace: string): boolean {
  let anyMatched = false;
  let noDenyMatched = true;
  for (const raw of asArray(project.destinations)) {
    const item = asMap(raw) ?? {};
    const itemName = asString(item.name) ?? '';
    const itemServer = asString(item.server) ?? '';
    const itemNamespace = asString(item.namespace) ?? '';
    const nameMatched = dst.name !== '' && argoGlob(itemName, dst.name);
    const serverMatched = dst.server !== '' && argoGlob(itemServer, dst.server);
    const namespaceMatched = argoGlob(itemNamespace, namespace);
    if ((serverMatched || nameMatched) && namespaceMatched) anyMatched = true;
    else if (
      (!nameMatched && itemName.startsWith('!')) ||
      (!serverMatched && itemServer.startsWith('!')) ||
      (!namespaceMatched && itemNamespace.startsWith('!'))
    )
      noDenyMatched = false;
  }
  return anyMatched && noDenyMatched;
}

/** Whether the project's `sourceRepos` permit a repository (deny entries `!pattern` win). */
function sourceAllowed(project: JsonMap, repoURL: string): boolean {
  const candidates = [repoURL, repoURL.replace(/\.git$/, '')];
  let anyMatched = false;
  for (const raw of asArray(project.sourceRepos)) {
    if (typeof raw !== 'string') continue;
    const matched = candidates.some((c) => argoGlob(raw, c) || argoGlob(raw.replace(/\.git$/, ''), c));
    if (raw.startsWith('!') && !matched) return false;
    if (!raw.startsWith('!') && matched) anyMatched = true;
  }
  return anyMatched;
}

function kindListed(list: unknown, group: string, kind: string): boolean {
  return asArray(list).some((raw) => {
    const entry = asMap(raw) ?? {};
    return argoGlob(asString(entry.group) ?? '', group) && argoGlob(asString(entry.kind) ?? '', kind);
  });
}

/**
 * Argo CD's project globs (gobwas/glob without separators): `*` any run of characters,
 * `?` one character, `{a,b}` alternatives, and a leading `!` negates.
 */
function argoGlob(pattern: string, value: string): boolean {
  if (pattern.startsWith('!')) return !argoGlob(pattern.slice(1), value);
  if (pattern === '*') return true;
  if (!/[*?{]/.test(pattern)) return pattern === value;
  let re = globCache.get(pattern);
  if (!re) {
    re = compileGlob(pattern);
    globCache.set(pattern, re);
  }
  return re.test(value);
}

const globCache = new Map<string, RegExp>();

function compileGlob(pattern: string): RegExp {
  let source = '';
  let inBraces = false;
  for (const c of pattern) {
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '{') {
      source += '(?:';
      inBraces = true;
    } else if (c === '}' && inBraces) {
      source += ')';
      inBraces = false;
    } else if (c === ',' && inBraces) source += '|';
    else source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  }
}

/**
 * The loaded objects by folder, to answer "what does this path sync" without scanning
 * every object for every Application.
 */
export class FolderIndex {
  private readonly byDir = new Map<string, LoadedObject[]>();
  private readonly roots = new Set<string>();

  public constructor(objects: readonly LoadedObject[]) {
    for (const loaded of objects) {
      const file = loaded.file.split('\\').join('/');
      const slash = file.lastIndexOf('/');
      const dir = slash < 0 ? '' : file.slice(0, slash);
      const list = this.byDir.get(dir);
      if (list) list.push(loaded);
      else this.byDir.set(dir, [loaded]);
      this.roots.add(file.split('/')[0]);
    }
  }

  /** Whether the run holds files under the path's first segment, so that the path can be judged. */
  public judges(path: string): boolean {
    return this.roots.has(normalize(path).split('/')[0]);
  }

  /** The objects directly in a folder, or anywhere below it. */
  public objectsIn(path: string, recurse: boolean): LoadedObject[] {
    const dir = normalize(path);
    if (!recurse) return this.byDir.get(dir) ?? [];
    const out: LoadedObject[] = [];
    for (const [d, list] of this.byDir) if (d === dir || d.startsWith(`${dir}/`)) out.push(...list);
    return out;
  }
}

function normalize(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}
