import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository root: the nearest folder above this module holding `cdk8s.yaml`. Found from
 * the module's own location (a source file, or a bundle under build/), never from the working
 * directory, so that a command renders the same wherever it is started.
 */
export const REPO_ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdk8s.yaml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no cdk8s.yaml above ${start}: cannot find the repository root`);
  }
}
