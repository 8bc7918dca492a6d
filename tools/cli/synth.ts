/**
 * `npm run synth [-- --env <name>]... [--out <dir>] [--config <dir>] [--timings]`
 *
 * Renders every environment (or the ones named) into `dist/<env>/<app>/`. All environments
 * are loaded, validated and rendered in memory first; `dist/` is touched only when all of
 * them succeeded, so bad input leaves it exactly as it was.
 */
import * as path from 'path';
import { type ConfigSources, ENVIRONMENTS, type EnvironmentName, isEnvironment } from '../../config';
import { writeTree } from '../../lib/render/dist-writer';
import { parseCommandLine, UsageError, usageError, type Output, PROCESS_OUTPUT } from './command-line';
import { REPO_ROOT } from '../repo';
import { dataFileReader, renderEnvironments, type RenderTimings } from '../synth';

const USAGE = `usage: npm run synth -- [--env <${ENVIRONMENTS.join('|')}>]... [--out <dir>] [--config <dir>] [--timings]

  --env <name>     render only this environment (repeat, or separate with commas); the others in the output are left alone
  --out <dir>      write into this folder instead of dist/ (default: $CDK8S_OUTDIR when set, as under npx cdk8s synth)
  --config <dir>   read the data files (terraform outputs, tenants) from this folder instead of config/
  --timings        print the time of each phase as JSON on stderr (npm run bench reads it)`;

const OPTIONS = {
  env: { type: 'string', multiple: true },
  out: { type: 'string' },
  config: { type: 'string' },
  timings: { type: 'boolean' },
} as const;

/** Renders and writes; returns the exit code. `sources` replaces the repository's config/*.ts (the bench's generated clusters). */
export function main(argv: readonly string[], out: Output = PROCESS_OUTPUT, sources?: ConfigSources): number {
  // performance.now() counts from process start: what is behind us is start-up and module loading
  const start = performance.now();
  const args = parseCommandLine('synth', argv, { usage: USAGE, options: OPTIONS }, out);
  if (typeof args === 'number') return args;
  let envs: EnvironmentName[];
  try {
    envs = environments(args.values.env ?? []);
  } catch (e) {
    return usageError('synth', e, USAGE, out);
  }
  const outDir =
    args.values.out !== undefined
      ? path.resolve(args.values.out)
      : process.env.CDK8S_OUTDIR
        ? path.resolve(process.env.CDK8S_OUTDIR)
        : path.join(REPO_ROOT, 'dist');
  const configDir = path.resolve(args.values.config ?? path.join(REPO_ROOT, 'config'));
  try {
    // data files are named `config/...` in messages, whichever folder holds them
    const readFile = dataFileReader(configDir);
    const phases: RenderTimings = { config: 0, construct: 0, serialize: 0, references: 0 };
    const files = renderEnvironments(envs, readFile, phases, { keepObjects: false, sources });
    const beforeWrite = performance.now();
    const result = writeTree(outDir, envs, files);
    const end = performance.now();
    if (args.values.timings) {
      const boot = performance.nodeTiming.bootstrapComplete;
      out.stderr(
        `${JSON.stringify({
          processStart: boot,
          moduleLoading: start - boot,
          ...phases,
          write: end - beforeWrite,
          total: end,
          objects: files.length,
          bytes: files.reduce((n, f) => n + Buffer.byteLength(f.content), 0),
          written: result.written,
          maxRssKiB: process.resourceUsage().maxRSS,
        })}\n`,
      );
    }
    const shownDir = path.relative(process.cwd(), outDir) || '.';
    const handoffs = files.filter((f) => f.handoff).length;
    out.stdout(
      `synthesized ${files.length - handoffs} objects${handoffs ? ` and ${handoffs} hand-off files` : ''} for ${envs.join(', ')} into ${shownDir}/: ` +
        `${result.written} written, ${result.unchanged} unchanged, ${result.deleted} deleted (${(end - start).toFixed(0)} ms)\n`,
    );
    return 0;
  } catch (e) {
    // under `npx cdk8s synth` the CLI has already emptied its output folder before this ran
    const where =
      args.values.out === undefined && process.env.CDK8S_OUTDIR
        ? `nothing written (the cdk8s CLI removed ${process.env.CDK8S_OUTDIR}/ before it started; 'npm run synth' never does)`
        : `${path.relative(process.cwd(), outDir) || '.'}/ left unchanged`;
    out.stderr(`synth failed, ${where}:\n${(e as Error).message}\n`);
    return 1;
  }
}

/** The environments named by `--env` (each value may hold several, comma-separated), or all. */
function environments(values: readonly string[]): EnvironmentName[] {
  const envs: EnvironmentName[] = [];
  for (const e of values.flatMap((v) => v.split(','))) {
    if (!isEnvironment(e)) throw new UsageError(`unknown environment "${e}": must be one of ${ENVIRONMENTS.join(', ')}`);
    if (!envs.includes(e)) envs.push(e);
  }
  return envs.length > 0 ? envs : [...ENVIRONMENTS];
}
