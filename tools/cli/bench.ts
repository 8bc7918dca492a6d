/**
 * `npm run bench [-- --quick] [--runs <n>] [--scale-runs <n>] [--tenants <list>] [--clusters <n>] [--no-fail] [--keep]`
 *
 * The repository's performance bar is Helm: a synth must cost no more than `helm template`
 * of the same objects. This prints, for the full platform (every environment), for
 * generated tenant lists of growing size (written into a copy of config/) and for every
 * environment grown to 10 clusters in as many regions (tools/bench/regions.ts):
 *
 * - the synth (`node tools/run.js main.ts --out <tmp> --timings`, a fresh process, as `npm run
 *   synth` runs it) into its current output (it writes nothing) and into an empty folder;
 * - `helm template` (helm v3.17.1, the real binary from tools/go-tools.ts) of a chart that
 *   renders the same objects (tools/bench/helm-chart.ts: one subchart per application, one
 *   template per object, values through `.Values`, `include` and `toYaml`), into an empty
 *   folder with `--output-dir`, again over its own output, and to stdout; the bench first
 *   checks, object by object, that Helm renders exactly the synth's objects;
 * - the write floor: a plain Node process writing the same files;
 *
 * each the best and median of N runs started after `sync`, with peak RSS; the ratios; and a
 * PASS or FAIL line per case for "synth <= helm template", like for like (empty folder
 * against `--output-dir` into an empty folder, up to date against Helm rewriting its output:
 * Helm has no up-to-date mode). For the full platform it also prints where a synth's time
 * goes (--timings) and the repository's YAML emitter against the `yaml` package's.
 *
 * Exit code: 0 when every case meets the bar (or with --no-fail), 1 when one misses it or
 * Helm did not render the same objects, 2 for a usage mistake.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONFIG_SOURCES } from '../../config';
import { measureCase, tenantsYaml, type CaseResult } from '../bench/cases';
import { compareEmitters } from '../bench/emitters';
import { caseText, emittersText, methodText, phasesText, summaryText, verdict, type Verdict } from '../bench/report';
import { writeRegionData } from '../bench/regions';
import { positiveIntegers } from '../bench/stats';
import { goToolVersion } from '../go-tools';
import { REPO_ROOT } from '../repo';
import { parseCommandLine, usageError, PROCESS_OUTPUT, type Output } from './command-line';

const USAGE = `usage: npm run bench -- [--quick] [--runs <n>] [--scale-runs <n>] [--tenants <list>] [--clusters <n>] [--no-fail] [--keep]

  --quick            a smoke run (well under a minute): 2 runs of the full platform, no tenant or
                     multi-region case unless --tenants or --clusters asks for one
  --runs <n>         timed runs of each measurement of the full platform (default 9, or $BENCH_RUNS)
  --scale-runs <n>   timed runs of each measurement of a tenant case (default 3 and 1 from 5,000 tenants, never more than --runs)
  --tenants <list>   generated tenant counts, comma-separated (default 10,100,1000, or $BENCH_TENANTS;
                     5,000 takes several minutes: --tenants 10,100,1000,5000)
  --clusters <n>     the multi-region case: every environment with n clusters, the added ones copies of
                     matih-<env> in other regions (default 10, or $BENCH_CLUSTERS; timed like a tenant case)
  --no-fail          exit 0 even when a case misses the bar (synth <= helm template)
  --keep             keep the temporary folder (outputs, generated charts) and print where it is`;

const OPTIONS = {
  quick: { type: 'boolean' },
  runs: { type: 'string' },
  'scale-runs': { type: 'string' },
  tenants: { type: 'string' },
  clusters: { type: 'string' },
  'no-fail': { type: 'boolean' },
  keep: { type: 'boolean' },
} as const;

/** What the command line asks for. */
interface Plan {
  readonly runs: number;
  readonly scaleRuns?: number;
  readonly tenants: readonly number[];
  /** Clusters per environment of the multi-region case; none when undefined. */
  readonly clusters?: number;
  readonly fail: boolean;
  readonly keep: boolean;
}

/** Runs the benchmark; returns the exit code. */
export function main(argv: readonly string[], out: Output = PROCESS_OUTPUT): number {
  const args = parseCommandLine('bench', argv, { usage: USAGE, options: OPTIONS }, out);
  if (typeof args === 'number') return args;
  let plan: Plan;
  try {
    const v = args.values;
    const quick = v.quick ?? false;
    const one = (text: string, what: string) => {
      const list = positiveIntegers(text, what);
      if (list.length !== 1) throw new Error(`${what} must be one positive integer, got "${text}"`);
      return list[0];
    };
    plan = {
      runs: one(v.runs ?? (quick ? '2' : (process.env.BENCH_RUNS ?? '9')), '--runs'),
      scaleRuns: v['scale-runs'] !== undefined ? one(v['scale-runs'], '--scale-runs') : quick ? 1 : undefined,
      // a tenant case costs as much as the full platform again: --quick skips them unless asked
      tenants:
        v.tenants !== undefined
          ? positiveIntegers(v.tenants, '--tenants')
          : quick
            ? []
            : positiveIntegers(process.env.BENCH_TENANTS ?? '10,100,1000', '$BENCH_TENANTS'),
      clusters: v.clusters !== undefined ? one(v.clusters, '--clusters') : quick ? undefined : one(process.env.BENCH_CLUSTERS ?? '10', '$BENCH_CLUSTERS'),
      fail: !(v['no-fail'] ?? false),
      keep: v.keep ?? false,
    };
  } catch (e) {
    return usageError('bench', e, USAGE, out);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-bench-'));
  try {
    return run(plan, tmp, out);
  } catch (e) {
    out.stderr(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    if (plan.keep) out.stderr(`bench: kept ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function run(plan: Plan, tmp: string, out: Output): number {
  const print = (text: string) => out.stdout(`${text}\n`);
  const started = performance.now();
  const progress = (line: string) => out.stderr(`bench: ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${line}\n`);
  const helmVersion = goToolVersion('helm');
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  print(`matih-manifests bench: the synth beside helm template of the same objects and the write floor`);
  print(`node ${process.version}, helm ${helmVersion}, ${os.cpus().length} cores (${cpu}), ${os.platform()} ${os.release()}\n`);
  print(`${methodText(helmVersion)}\n`);

  const cases: Array<{ result: CaseResult; verdict: Verdict }> = [];
  // the bench cannot keep other processes off the CPUs; it says when they were there
  const load = () => os.loadavg()[0].toFixed(2);
  const measure = (spec: Parameters<typeof measureCase>[0], work: string) => {
    const before = load();
    const result = measureCase(spec, work, progress);
    const v = verdict(result);
    cases.push({ result, verdict: v });
    print(`${caseText(result, v)}\n  load average (1 min) of the machine: ${before} before the case, ${load()} after it, on ${os.cpus().length} cores\n`);
    return result;
  };

  const full = measure({ name: 'full platform', runs: plan.runs, keepFiles: true }, mkdir(tmp, 'full'));
  print(`${phasesText(full.synthUpToDate, full.synthEmpty)}\n`);
  progress('comparing the YAML emitters');
  print(`${emittersText(compareEmitters(full.files, plan.runs), plan.runs)}\n`);

  for (const n of plan.tenants) {
    const work = mkdir(tmp, `tenants-${n}`);
    const config = path.join(work, 'config');
    // a copy of the data files with only the tenant list replaced
    fs.cpSync(path.join(REPO_ROOT, 'config'), config, { recursive: true });
    fs.writeFileSync(path.join(config, 'tenants.yaml'), tenantsYaml(n));
    const runs = Math.min(plan.runs, plan.scaleRuns ?? (n >= 5000 ? 1 : 3));
    measure({ name: `${n} tenants`, configDir: config, runs }, work);
    // a case's outputs are large at scale: free the disk before the next one
    if (!plan.keep) fs.rmSync(work, { recursive: true, force: true });
  }

  if (plan.clusters !== undefined) {
    const n = plan.clusters;
    const work = mkdir(tmp, `clusters-${n}`);
    const config = path.join(work, 'config');
    fs.cpSync(path.join(REPO_ROOT, 'config'), config, { recursive: true });
    writeRegionData(config, CONFIG_SOURCES, n);
    const runs = Math.min(plan.runs, plan.scaleRuns ?? 3);
    measure({ name: `${n} clusters per env`, configDir: config, runs, entry: 'tools/bench/regions.ts', env: { BENCH_CLUSTERS: String(n) } }, work);
    if (!plan.keep) fs.rmSync(work, { recursive: true, force: true });
  }

  print(summaryText(cases));
  const different = cases.filter(
    ({ result: c }) => c.helmObjects.problems.length > 0 || c.helmObjects.stdout !== c.objects || c.helmObjects.outputDir !== c.objects,
  );
  const failed = cases.filter((c) => !c.verdict.pass);
  if (different.length > 0) {
    print(`\nINVALID: helm did not render the synth's objects for ${different.map((c) => c.result.name).join(', ')}; the comparison means nothing there`);
    return 1;
  }
  print(
    failed.length === 0
      ? `\nPASS: the synth is at or below helm template in every case`
      : `\nFAIL: the synth is slower than helm template for ${failed.map((c) => c.result.name).join(', ')}${plan.fail ? '' : ' (--no-fail: exit 0)'}`,
  );
  return failed.length > 0 && plan.fail ? 1 : 0;
}

function mkdir(parent: string, name: string): string {
  const dir = path.join(parent, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
