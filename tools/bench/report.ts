/**
 * What `npm run bench` prints: the method, then per case the synth beside `helm template` and
 * the write floor, the verdict against the bar, and a summary. Pure formatting and the
 * verdict rule, tested on their own.
 */
import type { CaseResult } from './cases';
import type { EmitterComparison } from './emitters';
import type { SynthRun, SynthTimings } from './processes';
import { median, mib, ms, ratio, summarize } from './stats';

/** The method, printed first so that every number below can be read against it. */
export function methodText(helmVersion: string): string {
  return `How this is measured (every measurement is a fresh process, timed by the bench from spawn to exit,
after 'sync' so that no run pays for the previous run's writes; best and median of the runs):
  synth        node tools/run.js main.ts --out <tmp> --timings   (what 'npm run synth' runs, without npm's
               own start-up; the bundle is current, as after the first synth of a checkout)
  helm         helm template bench <chart> [--output-dir <tmp>]   (helm ${helmVersion}, the real Go binary)
               The chart renders the SAME objects, written as platform teams write charts: an
               umbrella chart with one subchart per output folder (<env>/<cluster>/<app>: one Argo CD
               application, as each of the 55+ hand-kept charts this repository replaced was), one
               template per object; names, namespaces, images and replicas from .Values; labels and
               selectors through an 'include' helper; resources, securityContext, env, volumes,
               ports, policy rules and other blocks through 'toYaml | nindent'. One template per
               object gives both tools the same objects, the same files and about the same bytes to
               write. Before anything is timed, helm's output is parsed and compared object by object
               with the synth's files.
  write floor  a plain Node process that reads the rendered files from one JSON file and writes them:
               what any generator writing these files pays at least on this disk.
  peak RSS     the synth and the floor read their own (process.resourceUsage); helm's is measured in
               the untimed run that checks its output (how: see each case).
The bar: synth <= helm template, medians, like for like: the synth into an empty folder against
helm --output-dir into an empty folder; the synth with its output up to date (it renders, compares
and writes nothing) against helm --output-dir over its own previous output (Helm has no up-to-date
mode: it renders and rewrites every file). Helm to stdout writes no files; its ratio is shown too.`;
}

/** The verdict of one case against the bar. */
export interface Verdict {
  readonly pass: boolean;
  readonly empty: { readonly synth: number; readonly helm: number };
  readonly upToDate: { readonly synth: number; readonly helm: number };
}

/** Applies the bar to one case (medians): synth <= helm in both like-for-like comparisons. */
export function verdict(c: {
  readonly [K in 'synthEmpty' | 'synthUpToDate' | 'helmEmptyDir' | 'helmRewrite']: ReadonlyArray<{ readonly wallMs: number }>;
}): Verdict {
  const m = (runs: ReadonlyArray<{ wallMs: number }>) => median(runs.map((r) => r.wallMs));
  const empty = { synth: m(c.synthEmpty), helm: m(c.helmEmptyDir) };
  const upToDate = { synth: m(c.synthUpToDate), helm: m(c.helmRewrite) };
  return { pass: empty.synth <= empty.helm && upToDate.synth <= upToDate.helm, empty, upToDate };
}

function row(label: string, runs: ReadonlyArray<{ wallMs: number }>, rssKiB: number | undefined, note = ''): string {
  const s = summarize(runs.map((r) => r.wallMs));
  return `  ${label.padEnd(46)} ${ms(s.best)} ${ms(s.median)}   ${mib(rssKiB)}${note ? `  ${note}` : ''}`;
}

const maxRss = (runs: ReadonlyArray<{ maxRssKiB?: number }>) => Math.max(...runs.map((r) => r.maxRssKiB ?? 0));
const secs = (x: number) => `${(x / 1000).toFixed(2)} s`;

/** The block of one case. */
export function caseText(c: CaseResult, v: Verdict): string {
  const med = (runs: ReadonlyArray<{ wallMs: number }>) => median(runs.map((r) => r.wallMs));
  const same = c.helmObjects.problems.length === 0 && c.helmObjects.stdout === c.objects && c.helmObjects.outputDir === c.objects;
  const lines = [
    `== ${c.name}: ${c.objects} objects, ${c.objects + c.handoffFiles} files${c.handoffFiles ? ` (${c.handoffFiles} hand-off files besides the objects; helm has none to write)` : ''}, ${(c.bytes / 1024).toFixed(0)} KiB of YAML; ${c.runs} timed run${c.runs === 1 ? '' : 's'} each ==`,
    `  helm chart: 1 umbrella chart, ${c.chart.subcharts} subcharts, ${c.chart.templates} templates, ${(c.chart.bytes / 1024).toFixed(0)} KiB of templates and values`,
    `  objects: synth ${c.objects}, helm to stdout ${c.helmObjects.stdout}, helm --output-dir ${c.helmObjects.outputDir}: ` +
      (same
        ? 'the same objects (compared one by one)'
        : `DIFFERENT (${c.helmObjects.problems.length} problems: ${c.helmObjects.problems.slice(0, 3).join('; ')})`),
    `  ${''.padEnd(46)}      best     median   peak RSS`,
    row('synth, output up to date (writes nothing)', c.synthUpToDate, maxRss(c.synthUpToDate.map((r) => r.timings))),
    row('synth, empty output folder', c.synthEmpty, maxRss(c.synthEmpty.map((r) => r.timings))),
    row('helm template --output-dir, empty folder', c.helmEmptyDir, c.helmRss.outputDir.kib),
    row('helm template --output-dir, over its output', c.helmRewrite, c.helmRss.outputDir.kib),
    row('helm template to stdout', c.helmStdout, c.helmRss.stdout.kib),
    row('write floor (plain node, same files)', c.floor, maxRss(c.floor)),
    `  helm peak RSS: ${c.helmRss.outputDir.how}`,
    `  ratios of medians: synth / helm --output-dir: empty ${ratio(v.empty.synth, v.empty.helm)}, up to date ${ratio(v.upToDate.synth, v.upToDate.helm)}; ` +
      `synth / helm to stdout: empty ${ratio(v.empty.synth, med(c.helmStdout))}, up to date ${ratio(v.upToDate.synth, med(c.helmStdout))}`,
    `  ratios of medians to the write floor: synth empty ${ratio(v.empty.synth, med(c.floor))}, helm --output-dir empty ${ratio(v.empty.helm, med(c.floor))}`,
    `  ${v.pass ? 'PASS' : 'FAIL'} synth <= helm template: empty folder ${secs(v.empty.synth)} ${v.empty.synth <= v.empty.helm ? '<=' : '>'} ${secs(v.empty.helm)}, ` +
      `up to date ${secs(v.upToDate.synth)} ${v.upToDate.synth <= v.upToDate.helm ? '<=' : '>'} ${secs(v.upToDate.helm)} (helm rewriting its output)`,
  ];
  return lines.join('\n');
}

const PHASES: ReadonlyArray<[string, keyof SynthTimings]> = [
  ['process start (node bootstrap)', 'processStart'],
  ['module loading (one bundle, V8 code cache)', 'moduleLoading'],
  ['config loading and validation', 'config'],
  ['construct tree', 'construct'],
  ['serialization (toJson + YAML)', 'serialize'],
  ['reference checks', 'references'],
  ['file writes (compare, write changed)', 'write'],
  ['in-process total', 'total'],
];

/** Where a synth's time goes: median of each phase, up to date and into an empty folder. */
export function phasesText(upToDate: readonly SynthRun[], empty: readonly SynthRun[]): string {
  const m = (runs: readonly SynthRun[], key: keyof SynthTimings) => median(runs.map((r) => r.timings[key]));
  const lines = [`where a synth of the full platform spends its time (medians of the timed runs; --timings):`, `  ${''.padEnd(44)} up to date  empty folder`];
  for (const [label, key] of PHASES) lines.push(`  ${label.padEnd(44)} ${ms(m(upToDate, key))}   ${ms(m(empty, key))}`);
  lines.push(`  ${'wall time seen by the bench'.padEnd(44)} ${ms(median(upToDate.map((r) => r.wallMs)))}   ${ms(median(empty.map((r) => r.wallMs)))}`);
  return lines.join('\n');
}

/** The emitter comparison. */
export function emittersText(e: EmitterComparison, rounds: number): string {
  return [
    `YAML emitter, all ${e.objects} files of the full platform, ${rounds} rounds (toYaml reproduced ${e.identical} of ${e.objects} byte for byte):`,
    `  ${''.padEnd(44)}      best     median`,
    `  ${'lib/render/yaml.ts toYaml (sortKeys)'.padEnd(44)} ${ms(e.toYaml.best)} ${ms(e.toYaml.median)}`,
    `  ${"yaml stringify({ version: '1.1' })".padEnd(44)} ${ms(e.yamlStringify.best)} ${ms(e.yamlStringify.median)}`,
    `  yaml stringify / toYaml (medians): ${ratio(e.yamlStringify.median, e.toYaml.median)}`,
  ].join('\n');
}

/** One line per case: the medians side by side, and the verdict. */
export function summaryText(cases: ReadonlyArray<{ result: CaseResult; verdict: Verdict }>): string {
  const lines = [
    'summary (medians, seconds):',
    `  ${'case'.padEnd(22)} ${'objects'.padStart(7)}  ${'synth up to date'.padStart(16)}  ${'synth empty'.padStart(11)}  ${'helm -o dir'.padStart(11)}  ${'helm rewrite'.padStart(12)}  ${'helm stdout'.padStart(11)}  ${'floor'.padStart(6)}  bar`,
  ];
  for (const { result: c, verdict: v } of cases) {
    const m = (runs: ReadonlyArray<{ wallMs: number }>) => (median(runs.map((r) => r.wallMs)) / 1000).toFixed(2);
    lines.push(
      `  ${c.name.padEnd(22)} ${String(c.objects).padStart(7)}  ${m(c.synthUpToDate).padStart(16)}  ${m(c.synthEmpty).padStart(11)}  ` +
        `${m(c.helmEmptyDir).padStart(11)}  ${m(c.helmRewrite).padStart(12)}  ${m(c.helmStdout).padStart(11)}  ${m(c.floor).padStart(6)}  ${v.pass ? 'PASS' : 'FAIL'}`,
    );
  }
  return lines.join('\n');
}
