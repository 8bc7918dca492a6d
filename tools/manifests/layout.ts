/**
 * The layout of a folder of rendered environments, for every tool that reads one (the
 * validator, the differ, the graphs, the deprecation report), whichever layout it has:
 *
 * - `dist/<env>/<app>/...`: the environment folder is itself the one cluster;
 * - `dist/<env>/<cluster>/<app>/...`: an environment holds several clusters.
 *
 * An app folder holds manifests (recursively; objects outside its home namespace sit in
 * `<app>/<namespace>/`). A cluster folder holds no manifest file itself and has at least
 * one child folder with manifest files directly in it. An environment is a cluster folder
 * or a folder of cluster folders. A folder named `bootstrap` directly under an environment
 * holds hand-off files, not manifests, and is never read.
 */
import * as fs from 'fs';
import * as path from 'path';
import { HANDOFF_FOLDER } from '../../lib/render/render';
import { cachedParse } from './cache';
import { isManifestFile, parseManifests, readManifestFiles, type ManifestDocument } from './load';

/** Folders of hand-off files beside the clusters (`dist/<env>/bootstrap/`, written by lib/render): never a cluster or an app. */
const HANDOFF_FOLDERS: readonly string[] = [HANDOFF_FOLDER];

/** One cluster of one environment. */
export interface ClusterFolder {
  /** The environment: `dev`. */
  readonly env: string;
  /** The cluster's folder name, or undefined when the environment folder is the cluster. */
  readonly cluster?: string;
  /** How reports name it: `dev`, or `dev/aks-east`. */
  readonly label: string;
  /** The cluster folder (the environment folder in the one-cluster layout). */
  readonly dir: string;
  /** Its app folders, sorted: the only folders whose manifests belong to the cluster. */
  readonly apps: readonly string[];
}

/**
 * Every cluster under `root`, environments and clusters in code-unit order. With `env`,
 * only that environment's clusters.
 * @throws when `root` is not a folder, when `env` is not an environment under it, or when
 *   no environment is found at all.
 */
export function discoverClusters(root: string, env?: string): ClusterFolder[] {
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new Error(`${root}: no such folder`);
  const found: ClusterFolder[] = [];
  const environments: string[] = [];
  for (const name of childFolders(root)) {
    const dir = path.join(root, name);
    const clusters = isClusterFolder(dir)
      ? [cluster(name, undefined, dir)]
      : childFolders(dir)
          .filter((c) => !HANDOFF_FOLDERS.includes(c) && isClusterFolder(path.join(dir, c)))
          .map((c) => cluster(name, c, path.join(dir, c)));
    // a stray folder (no cluster below it) is not an environment
    if (clusters.length === 0) continue;
    environments.push(name);
    if (env === undefined || env === name) found.push(...clusters);
  }
  if (environments.length === 0) throw new Error(`${root}: holds no environment (no folder of app folders with manifests)`);
  if (env !== undefined && found.length === 0) throw new Error(`${root}: no environment "${env}" (found: ${environments.join(', ')})`);
  return found;
}

/** How manifest texts are parsed: `parseManifests`, or a `cachedParse` of it shared by a whole run. */
export type ParseManifests = (text: string, file: string) => ManifestDocument[];

/** The process's parser through the manifest cache, made on first use. */
let shared: ParseManifests | undefined;

/**
 * Every object of a cluster: the manifests of its app folders, nothing else. Each
 * document's `file` is the app folder joined with the file's relative path. Parsed through
 * the manifest cache unless `parse` says otherwise.
 */
export function loadCluster(cluster: ClusterFolder, parse: ParseManifests = (shared ??= cachedParse(parseManifests))): ManifestDocument[] {
  return cluster.apps.flatMap((app) => readManifestFiles(app).flatMap((f) => parse(f.content, path.join(app, f.path))));
}

function cluster(env: string, name: string | undefined, dir: string): ClusterFolder {
  const apps = childFolders(dir)
    .filter((a) => !HANDOFF_FOLDERS.includes(a) && holdsManifests(path.join(dir, a)))
    .map((a) => path.join(dir, a));
  return { env, ...(name === undefined ? {} : { cluster: name }), label: name === undefined ? env : `${env}/${name}`, dir, apps };
}

/** True for a folder with no manifest file of its own and an app folder below it. */
function isClusterFolder(dir: string): boolean {
  const entries = sortedEntries(dir);
  if (entries.some((e) => e.isFile() && isManifestFile(e.name))) return false;
  return entries.some((e) => e.isDirectory() && !HANDOFF_FOLDERS.includes(e.name) && hasManifestFile(path.join(dir, e.name)));
}

function hasManifestFile(dir: string): boolean {
  return sortedEntries(dir).some((e) => e.isFile() && isManifestFile(e.name));
}

function holdsManifests(dir: string): boolean {
  return sortedEntries(dir).some((e) => (e.isFile() && isManifestFile(e.name)) || (e.isDirectory() && holdsManifests(path.join(dir, e.name))));
}

function childFolders(dir: string): string[] {
  // dot-folders (.git, editor state) are never environments, clusters or apps
  return sortedEntries(dir)
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name);
}

function sortedEntries(dir: string): fs.Dirent[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The clusters of any folder of rendered manifests, for a validator that accepts whatever
 * it is given: `dist/`, an environment, a cluster, or a folder of applications. A folder
 * is one cluster when it holds manifests itself or one of its child folders does (an app
 * folder); any other folder is a folder of clusters or of environments, and its children
 * are looked at in turn (hand-off folders skipped).
 */
export function clusterDirs(dir: string): string[] {
  const children = childFolders(dir)
    .filter((c) => !HANDOFF_FOLDERS.includes(c))
    .map((c) => path.join(dir, c));
  if (hasManifestFile(dir) || children.some(hasManifestFile) || children.length === 0) return [dir];
  return children.flatMap(clusterDirs);
}

/** Where a file of a rendered tree belongs: its environment and its app (`<cluster>/<app>`, or `<app>` in the one-cluster layout). */
export interface TreePlace {
  readonly env: string;
  readonly app: string;
}

/**
 * Places every file of a rendered tree given as `/`-separated paths (a git tree, say),
 * by the rules {@link discoverClusters} applies to folders: an environment with a manifest
 * two levels down (`dev/argocd/a.yaml`) is one cluster of apps, otherwise its second level
 * is clusters. Hand-off files (`dev/bootstrap/...`) are left out: they are not manifests.
 * A file directly in `<env>/` (or `<env>/<cluster>/`) belongs to the app `''`.
 */
export function placeTreeFiles(paths: readonly string[]): Map<string, TreePlace> {
  const flat = new Set<string>();
  for (const p of paths) {
    const s = p.split('/');
    if (s.length === 3 && !HANDOFF_FOLDERS.includes(s[1]) && isManifestFile(s[2])) flat.add(s[0]);
  }
  const places = new Map<string, TreePlace>();
  for (const p of paths) {
    const s = p.split('/');
    if (s.length > 2 && HANDOFF_FOLDERS.includes(s[1])) continue;
    const env = s.length > 1 ? s[0] : '';
    if (flat.has(env) || s.length <= 3) places.set(p, { env, app: s.length > 2 ? s[1] : '' });
    else places.set(p, { env, app: `${s[1]}/${s[2]}` });
  }
  return places;
}
