/**
 * Entry point: `node build/main.js [--env <name>]... [--out <dir>] [--config <dir>]`.
 *
 * Renders every environment (or the ones named) into `dist/<env>/<app>/`. This is the only
 * place that reads files, environment variables or arguments. All environments are
 * loaded, validated and rendered in memory first; `dist/` is touched only when all of
 * them succeeded, so bad input leaves it exactly as it was.
 */
import * as fs from 'fs';
import * as path from 'path';
import { assertEnvironment, ENVIRONMENTS, EnvironmentName } from './config';
import { renderEnvironments, RenderTimings } from './charts/synth';
import { writeTree } from './lib/dist-writer';

const ROOT = path.resolve(__dirname, '..');

interface Args {
  readonly envs: EnvironmentName[];
  readonly outDir: string;
  /** Folder that stands for `config/` when reading data files (terraform outputs, tenants). */
  readonly configDir: string;
  /** Print the time of each phase as JSON on stderr (for `npm run bench`). */
  readonly timings: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const envs: EnvironmentName[] = [];
  let configDir = path.join(ROOT, 'config');
  let timings = false;
  let outDir = process.env.CDK8S_OUTDIR ? path.resolve(process.env.CDK8S_OUTDIR) : path.join(ROOT, 'dist');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--env') {
      for (const e of value().split(',')) {
        assertEnvironment(e);
        if (!envs.includes(e)) envs.push(e);
      }
    } else if (arg === '--out') {
      outDir = path.resolve(value());
    } else if (arg === '--timings') {
      timings = true;
    } else if (arg === '--config') {
      configDir = path.resolve(value());
    } else {
      throw new Error(`unknown argument "${arg}"; usage: npm run synth [-- --env <${ENVIRONMENTS.join('|')}>] [--out <dir>] [--config <dir>]`);
    }
  }
  return { envs: envs.length > 0 ? envs : [...ENVIRONMENTS], outDir, configDir, timings };
}

function main(): void {
  // performance.now() counts from process start: what is behind us is start-up and module loading
  const start = performance.now();
  const args = parseArgs(process.argv.slice(2));
  // data files are named `config/...` in messages, whichever folder holds them
  const readFile = (rel: string): string => fs.readFileSync(path.join(args.configDir, path.relative('config', rel)), 'utf8');
  const phases: RenderTimings = { config: 0, construct: 0, serialize: 0, references: 0 };
  const files = renderEnvironments(args.envs, readFile, phases, { keepObjects: false });
  const beforeWrite = performance.now();
  const result = writeTree(args.outDir, args.envs, files);
  const end = performance.now();
  const ms = end - start;
  if (args.timings) {
    const boot = performance.nodeTiming.bootstrapComplete;
    process.stderr.write(`${JSON.stringify({
      processStart: boot, moduleLoading: start - boot, ...phases, write: end - beforeWrite, total: end,
      objects: files.length, bytes: files.reduce((n, f) => n + Buffer.byteLength(f.content), 0), written: result.written,
      maxRssKiB: process.resourceUsage().maxRSS,
    })}\n`);
  }
  const shownDir = path.relative(process.cwd(), args.outDir) || '.';
  process.stdout.write(`synthesized ${files.length} objects for ${args.envs.join(', ')} into ${shownDir}/: `
    + `${result.written} written, ${result.unchanged} unchanged, ${result.deleted} deleted (${ms.toFixed(0)} ms)\n`);
}

try {
  main();
} catch (e) {
  // under `npx cdk8s synth` the CLI has already emptied its output folder before this ran
  const where = process.env.CDK8S_OUTDIR
    ? `nothing written (the cdk8s CLI removed ${process.env.CDK8S_OUTDIR}/ before it started; 'npm run synth' never does)`
    : 'dist/ left unchanged';
  process.stderr.write(`synth failed, ${where}:\n${(e as Error).message}\n`);
  process.exit(1);
}
