/**
 * The configuration as it was at a commit, for `npm run diff`: the capacity before a change
 * is the base's dist/ on the base's node pools, not on the pools the change proposes.
 *
 * The configuration is TypeScript, so `config/` and `lib/` of the commit are copied out with
 * `git archive` and bundled with esbuild (the one `tools/run.js` uses), resolving packages
 * from this checkout's node_modules. Nothing in the working tree is touched.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import type * as esbuildApi from 'esbuild';
import type { Environment } from '../../config';
import { REPO_ROOT } from '../repo';

/** Loads and validates every environment of the configuration at `commit`. @throws when it cannot (an older layout, bad config) */
export function configAtCommit(commit: string, cwd: string): Environment[] {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-config-'));
  try {
    const archive = spawnSync('git', ['archive', '--format=tar', commit, '--', 'config', 'lib'], { cwd, maxBuffer: 1 << 28 });
    if (archive.status !== 0) throw new Error(`git archive ${commit} config lib failed: ${archive.stderr.toString().trim()}`);
    const untar = spawnSync('tar', ['-x', '-C', tmp], { input: archive.stdout });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr.toString().trim()}`);
    // a plain require would make the bundler of tools/run.js pull esbuild's own code in
    const esbuild = createRequire(path.join(REPO_ROOT, 'package.json'))('esbuild') as typeof esbuildApi;
    const bundle = path.join(tmp, 'config.bundle.js');
    esbuild.buildSync({
      stdin: { contents: "export { loadConfig, ENVIRONMENTS } from './config';", resolveDir: tmp, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
      nodePaths: [path.join(REPO_ROOT, 'node_modules')],
    });
    const loaded = createRequire(bundle)(bundle) as {
      loadConfig: (envs: readonly string[], readFile: (rel: string) => string) => Environment[];
      ENVIRONMENTS: readonly string[];
    };
    return loaded.loadConfig(loaded.ENVIRONMENTS, (rel) => fs.readFileSync(path.join(tmp, rel), 'utf8'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
