import * as fs from 'fs';
import * as path from 'path';
import { HANDOFF_FOLDER } from '../../lib/render/render';
import { isManifestFile } from '../manifests/load';

/** Folders of hand-off files beside the clusters (`dist/<env>/bootstrap/`): not manifests Argo CD applies. */
export const HANDOFF_FOLDERS: ReadonlySet<string> = new Set([HANDOFF_FOLDER]);

/**
 * The clusters a folder of rendered manifests holds. References and duplicates only make
 * sense within one cluster, so `dist/` (environments, each with clusters, each with one
 * folder per application) is validated cluster by cluster.
 *
 * A folder is one cluster when it holds manifests itself or one of its child folders does
 * (an application folder): `dist/prod/matih-prod`, a test fixture of applications. Any
 * other folder is a folder of clusters or of environments, and its children are looked at
 * in turn (hand-off folders such as `bootstrap` are skipped).
 */
export function clusterDirs(dir: string): string[] {
  const entries = sortedEntries(dir);
  const children = entries.filter((e) => e.isDirectory() && !HANDOFF_FOLDERS.has(e.name)).map((e) => path.join(dir, e.name));
  const holdsManifests = (d: string) => sortedEntries(d).some((e) => e.isFile() && isManifestFile(e.name));
  if (holdsManifests(dir) || children.some(holdsManifests) || children.length === 0) return [dir];
  return children.flatMap(clusterDirs);
}

function sortedEntries(dir: string): fs.Dirent[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
