import * as fs from 'fs';
import * as path from 'path';
import { isManifestFile } from '../manifests/load';

/**
 * The clusters a folder of rendered manifests holds. References and duplicates only
 * make sense within one cluster, so `dist/` (one folder per environment, each with one
 * folder per application) is validated environment by environment.
 *
 * A folder is a folder of clusters when it holds no manifest file itself and every child
 * folder has child folders of its own (`dist/` → `dist/dev`, `dist/prod`, ...);
 * otherwise it is one cluster (`dist/dev`, `dist/dev/kafka`, a test fixture).
 */
export function clusterDirs(dir: string): string[] {
  const entries = sortedEntries(dir);
  const children = entries.filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
  const hasYaml = entries.some((e) => e.isFile() && isManifestFile(e.name));
  const allNested = children.length > 0 && children.every((child) => sortedEntries(child).some((e) => e.isDirectory()));
  return !hasYaml && allNested ? children : [dir];
}

function sortedEntries(dir: string): fs.Dirent[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
