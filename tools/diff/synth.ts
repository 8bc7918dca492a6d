import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Runs the repository's synth (`node tools/run.js main.ts --out <outDir>`, what `npm run
 * synth` runs) so that it writes a fresh tree to `outDir` instead of `dist/`.
 *
 * @throws Error carrying the generator's own message (its stderr) when it fails.
 */
export function synthesize(outDir: string, cwd: string): void {
  const entry = path.join('tools', 'run.js');
  if (!fs.existsSync(path.resolve(cwd, entry))) {
    throw new Error(`synth failed: ${entry} does not exist in ${cwd} (or compare two folders with --base-dir and --head-dir)`);
  }
  const result = spawnSync(process.execPath, [entry, 'main.ts', '--out', outDir], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, CDK8S_OUTDIR: '' },
  });
  if (result.error !== undefined) throw new Error(`synth failed: cannot run node ${entry}: ${result.error.message}`);
  if (result.status !== 0) {
    const how = result.signal !== null ? `was killed by ${result.signal}` : `exited with ${result.status}`;
    const message = result.stderr.trim() || result.stdout.trim() || '(no output)';
    throw new Error(`synth failed: node ${entry} --out ${outDir} ${how}:\n${message}`);
  }
}
