/**
 * One case of `npm run bench`: a platform (the committed config, or a copy with generated
 * tenants) rendered by the synth, by `helm template` of a chart that renders the same
 * objects, and written by the write floor, each measured the same number of times.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareRendered, helmChart, helmDocuments, writeChart, type RenderedText } from './helm-chart';
import { FLOOR_SCRIPT, readTree, runFloor, runHelm, runHelmWithPeakRss, runSynth, type PeakRss, type ProcessRun, type SynthRun } from './processes';

/** What to measure. */
export interface CaseSpec {
  readonly name: string;
  /** A data folder to synthesize from instead of config/ (`--config`). */
  readonly configDir?: string;
  /** Timed runs of each measurement. */
  readonly runs: number;
  /** The synth's entry point (`main.ts`, or the multi-region case's tools/bench/regions.ts) and its extra environment variables. */
  readonly entry?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Keep the rendered files in the result (the emitter comparison reads them). @default false */
  readonly keepFiles?: boolean;
}

/** What a case measured. */
export interface CaseResult {
  readonly name: string;
  readonly runs: number;
  /** The objects the synth rendered (one file each): what Helm renders too. */
  readonly objects: number;
  /** The synth's hand-off files (`<env>/bootstrap/`): not objects, so the chart has no template for them, but the synth's timings include them. */
  readonly handoffFiles: number;
  /** The rendered files, when {@link CaseSpec.keepFiles}; empty otherwise. */
  readonly files: readonly RenderedText[];
  readonly bytes: number;
  readonly chart: { readonly subcharts: number; readonly templates: number; readonly bytes: number };
  /** Objects Helm rendered to stdout and into --output-dir; differences from the synth's objects. */
  readonly helmObjects: { readonly stdout: number; readonly outputDir: number; readonly problems: readonly string[] };
  readonly synthUpToDate: readonly SynthRun[];
  readonly synthEmpty: readonly SynthRun[];
  readonly helmEmptyDir: readonly ProcessRun[];
  readonly helmRewrite: readonly ProcessRun[];
  readonly helmStdout: readonly ProcessRun[];
  readonly floor: readonly ProcessRun[];
  readonly helmRss: { readonly outputDir: PeakRss; readonly stdout: PeakRss };
}

/**
 * Measures one case in `work` (an empty folder of its own). Each round runs, in this order
 * and each from a synced disk: the synth into its current output (writes nothing), the synth
 * into an empty folder, helm --output-dir into an empty folder, helm --output-dir again over
 * what it just wrote, helm to stdout, the write floor into an empty folder.
 */
export function measureCase(spec: CaseSpec, work: string, progress: (line: string) => void): CaseResult {
  const current = path.join(work, 'synth');
  const fresh = (name: string) => {
    const dir = path.join(work, name);
    fs.rmSync(dir, { recursive: true, force: true });
    return dir;
  };
  progress(`${spec.name}: first synth (untimed; it also warms the disk cache)`);
  const first = runSynth(current, spec.configDir, spec.entry, spec.env);
  const files = readTree(current);
  if (files.length !== first.timings.objects)
    throw new Error(`${spec.name}: the synth reported ${first.timings.objects} objects and wrote ${files.length} files`);
  const json = path.join(work, 'files.json');
  fs.writeFileSync(json, JSON.stringify(Object.fromEntries(files.map((f) => [f.path, f.content]))));
  const floorScript = path.join(work, 'floor.js');
  fs.writeFileSync(floorScript, FLOOR_SCRIPT);

  progress(`${spec.name}: generating the Helm chart and checking what helm renders from it`);
  const chart = helmChart(files);
  const chartDir = path.join(work, 'chart');
  writeChart(chart, chartDir);
  // these two runs are untimed: they check the output and measure helm's peak RSS
  const toStdout = runHelmWithPeakRss(chartDir);
  const stdoutDocs = helmDocuments(toStdout.stdout);
  const problems = compareRendered(stdoutDocs, chart, files);
  const checkDir = fresh('helm-check');
  const toDir = runHelmWithPeakRss(chartDir, checkDir);
  const dirDocs = helmDocuments(
    readTree(checkDir)
      .map((f) => f.content)
      .join('\n'),
  );
  const dirSources = new Set(dirDocs.map((d) => d.source));
  if (dirSources.size !== dirDocs.length || [...dirSources].some((s) => !chart.sources.has(s)))
    problems.push('helm --output-dir wrote documents that are not one per template');
  fs.rmSync(checkDir, { recursive: true, force: true });
  const helmRss = { outputDir: toDir.rss, stdout: toStdout.rss };

  const result = {
    synthUpToDate: [] as SynthRun[],
    synthEmpty: [] as SynthRun[],
    helmEmptyDir: [] as ProcessRun[],
    helmRewrite: [] as ProcessRun[],
    helmStdout: [] as ProcessRun[],
    floor: [] as ProcessRun[],
  };
  for (let i = 0; i < spec.runs; i++) {
    progress(`${spec.name}: round ${i + 1} of ${spec.runs}`);
    result.synthUpToDate.push(runSynth(current, spec.configDir, spec.entry, spec.env));
    const synthEmpty = fresh('synth-empty');
    result.synthEmpty.push(runSynth(synthEmpty, spec.configDir, spec.entry, spec.env));
    fs.rmSync(synthEmpty, { recursive: true, force: true });
    const helmDir = fresh('helm-out');
    result.helmEmptyDir.push(withoutStdout(runHelm(chartDir, helmDir)));
    result.helmRewrite.push(withoutStdout(runHelm(chartDir, helmDir)));
    fs.rmSync(helmDir, { recursive: true, force: true });
    const stdout = runHelm(chartDir);
    const documents = helmDocuments(stdout.stdout).length;
    if (documents !== stdoutDocs.length) throw new Error(`${spec.name}: helm rendered ${documents} documents, before ${stdoutDocs.length}`);
    result.helmStdout.push(withoutStdout(stdout));
    const floorDir = fresh('floor');
    result.floor.push(runFloor(floorScript, json, floorDir));
    fs.rmSync(floorDir, { recursive: true, force: true });
  }
  const wrong = result.synthUpToDate.filter((r) => r.timings.written !== 0).length;
  if (wrong > 0) throw new Error(`${spec.name}: ${wrong} synth runs over a current output wrote files`);
  return {
    name: spec.name,
    runs: spec.runs,
    objects: chart.sources.size,
    handoffFiles: files.length - chart.sources.size,
    files: spec.keepFiles ? files : [],
    bytes: first.timings.bytes,
    chart: {
      subcharts: new Set([...chart.files.keys()].filter((f) => f.startsWith('charts/')).map((f) => f.split('/')[1])).size,
      templates: chart.sources.size,
      bytes: [...chart.files.values()].reduce((n, t) => n + Buffer.byteLength(t), 0),
    },
    helmObjects: { stdout: stdoutDocs.length, outputDir: dirDocs.length, problems },
    ...result,
    helmRss,
  };
}

/** Drops what a run printed once it has been checked, so that big cases do not keep it. */
function withoutStdout(run: ProcessRun): ProcessRun {
  return { wallMs: run.wallMs, maxRssKiB: run.maxRssKiB, stdout: '' };
}

/**
 * A tenants.yaml with `n` generated tenants in every environment, one in ten with a
 * dedicated ingress (as the committed tenants use the features).
 */
export function tenantsYaml(n: number): string {
  const tiers = ['free', 'standard', 'enterprise'];
  const lines = ['tenants:'];
  for (let i = 0; i < n; i++) {
    const slug = `t${String(i).padStart(5, '0')}-bench`;
    lines.push(`  - slug: ${slug}`, `    displayName: Bench tenant ${i}`, `    tier: ${tiers[i % 3]}`, '    environments: [dev, staging, prod]');
    if (i % 10 === 0) lines.push('    dedicatedIngress:', `      resourceGroup: rg-${slug}`);
  }
  return lines.join('\n') + '\n';
}
