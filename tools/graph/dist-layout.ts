/**
 * Finds the clusters in a folder of rendered environments, whichever layout it has:
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
import { isManifestFile, parseManifests, readManifestFiles, type ManifestDocument } from '../manifests/load';

/** Folders directly under an environment (or a cluster) that are never a cluster or an app. */
export const SKIPPED_FOLDERS: readonly string[] = ['bootstrap'];

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
      : childFolders(dir).filter((c) => !SKIPPED_FOLDERS.includes(c) && isClusterFolder(path.join(dir, c))).map((c) => cluster(name, c, path.join(dir, c)));
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

/**
 * Every object of a cluster: the manifests of its app folders, nothing else. Each
 * document's `file` is the app folder joined with the file's relative path.
 */
export function loadCluster(cluster: ClusterFolder, parse: ParseManifests = parseManifests): ManifestDocument[] {
  return cluster.apps.flatMap((app) => readManifestFiles(app).flatMap((f) => parse(f.content, path.join(app, f.path))));
}

function cluster(env: string, name: string | undefined, dir: string): ClusterFolder {
  const apps = childFolders(dir).filter((a) => !SKIPPED_FOLDERS.includes(a) && holdsManifests(path.join(dir, a))).map((a) => path.join(dir, a));
  return { env, ...(name === undefined ? {} : { cluster: name }), label: name === undefined ? env : `${env}/${name}`, dir, apps };
}

/** True for a folder with no manifest file of its own and an app folder below it. */
function isClusterFolder(dir: string): boolean {
  const entries = sortedEntries(dir);
  if (entries.some((e) => e.isFile() && isManifestFile(e.name))) return false;
  return entries.some((e) => e.isDirectory() && !SKIPPED_FOLDERS.includes(e.name) && hasManifestFile(path.join(dir, e.name)));
}

function hasManifestFile(dir: string): boolean {
  return sortedEntries(dir).some((e) => e.isFile() && isManifestFile(e.name));
}

function holdsManifests(dir: string): boolean {
  return sortedEntries(dir).some((e) => (e.isFile() && isManifestFile(e.name)) || (e.isDirectory() && holdsManifests(path.join(dir, e.name))));
}

function childFolders(dir: string): string[] {
  // dot-folders (.git, editor state) are never environments, clusters or apps
  return sortedEntries(dir).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
}

function sortedEntries(dir: string): fs.Dirent[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
