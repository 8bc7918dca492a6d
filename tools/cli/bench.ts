/**
 * `npm run bench`: what a synth costs, against what writing the same files costs.
 *
 * For the full platform (every environment): objects, files and bytes; wall time (best
 * and median of RUNS) and peak RSS of a synth with the output already up to date and of
 * one into an empty folder; the write floor, a plain Node process that reads the same
 * rendered files from one JSON file and writes them to the same paths; the ratios; and
 * where a synth's time goes. Then the same for generated tenant lists of growing size.
 * Every synth here is the real `build/main.js` (the code `npm run synth` runs once the
 * build is current), into a temporary folder.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../repo';

/** What `npm run synth` runs (npm itself adds its own start-up, measured separately). */
const SYNTH = [path.join(REPO_ROOT, 'tools', 'run.js'), 'main.ts'];
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const SIZES = (process.env.BENCH_TENANTS ?? '10,100,1000,5000').split(',').map(Number);

interface Timings {
  processStart: number; moduleLoading: number; config: number; construct: number; serialize: number; references: number; write: number;
  total: number; objects: number; bytes: number; written: number; maxRssKiB: number;
}
interface Run { wallMs: number; timings: Timings }

/** Flushes dirty pages, so that one run's writes are not paid by the next run. */
function settle(): void {
  spawnSync('sync');
}

function synth(out: string, configDir?: string): Run {
  const args = [...SYNTH, '--out', out, '--timings', ...(configDir ? ['--config', configDir] : [])];
  settle();
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: '' }, maxBuffer: 1 << 28 });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
  const line = r.stderr.trim().split('\n').pop()!;
  return { wallMs, timings: JSON.parse(line) as Timings };
}

/** The write floor: read every rendered file from one JSON file and write it, nothing else. */
const FLOOR_SCRIPT = `
const fs = require('fs'); const path = require('path');
const [json, out] = process.argv.slice(2);
const files = JSON.parse(fs.readFileSync(json, 'utf8'));
const made = new Set();
for (const [rel, content] of Object.entries(files)) {
  const dir = path.dirname(path.join(out, rel));
  if (!made.has(dir)) { fs.mkdirSync(dir, { recursive: true }); made.add(dir); }
  fs.writeFileSync(path.join(out, rel), content);
}
process.stderr.write(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
`;

function floor(script: string, json: string, out: string): { wallMs: number; maxRssKiB: number } {
  settle();
  const start = performance.now();
  const r = spawnSync(process.execPath, [script, json, out], { encoding: 'utf8' });
  const wallMs = performance.now() - start;
  if (r.status !== 0) throw new Error(`write floor failed: ${r.stderr}`);
  return { wallMs, maxRssKiB: JSON.parse(r.stderr.trim()).maxRssKiB };
}

function listFiles(dir: string, rel = '', out: Record<string, string> = {}): Record<string, string> {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) listFiles(dir, child, out);
    else out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
  }
  return out;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const best = (xs: number[]) => Math.min(...xs);
const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;
const mib = (kib: number) => `${(kib / 1024).toFixed(0).padStart(5)} MiB`;

function tenantsYaml(n: number): string {
  const tiers = ['free', 'standard', 'enterprise'];
  const lines = ['tenants:'];
  for (let i = 0; i < n; i++) {
    const slug = `t${String(i).padStart(5, '0')}-bench`;
    lines.push(`  - slug: ${slug}`, `    displayName: Bench tenant ${i}`, `    tier: ${tiers[i % 3]}`, '    environments: [dev, staging, prod]');
    if (i % 10 === 0) lines.push('    dedicatedIngress:', `      resourceGroup: rg-${slug}`);
  }
  return lines.join('\n') + '\n';
}

/** Runs the benchmark; returns the exit code. */
export function main(): number {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-bench-'));
  try {
    const out = path.join(tmp, 'dist');
    const script = path.join(tmp, 'floor.js');
    fs.writeFileSync(script, FLOOR_SCRIPT);

    // warm the file system cache and render once
    synth(out);
    const files = listFiles(out);
    const json = path.join(tmp, 'files.json');
    fs.writeFileSync(json, JSON.stringify(files));
    const count = Object.keys(files).length;
    const bytes = Object.values(files).reduce((n, c) => n + Buffer.byteLength(c), 0);

    const upToDate: Run[] = [];
    const fromEmpty: Run[] = [];
    const floors: Array<{ wallMs: number; maxRssKiB: number }> = [];
    for (let i = 0; i < RUNS; i++) {
      upToDate.push(synth(out));
      const empty = path.join(tmp, `empty-${i}`);
      fromEmpty.push(synth(empty));
      fs.rmSync(empty, { recursive: true, force: true });
      const floorOut = path.join(tmp, `floor-${i}`);
      floors.push(floor(script, json, floorOut));
      fs.rmSync(floorOut, { recursive: true, force: true });
    }
    const floorMedian = median(floors.map((f) => f.wallMs));
    const row = (name: string, runs: number[], rss: number[]) =>
      `${name.padEnd(34)} best ${ms(best(runs))}   median ${ms(median(runs))}   peak RSS ${mib(Math.max(...rss))}`;

    console.log(`matih-manifests bench (${RUNS} runs each, node ${process.version}, ${os.cpus().length} cores)`);
    console.log(`full platform: ${upToDate[0].timings.objects} objects, ${count} files, ${(bytes / 1024).toFixed(0)} KiB\n`);
    console.log(row('synth, dist/ up to date', upToDate.map((r) => r.wallMs), upToDate.map((r) => r.timings.maxRssKiB)));
    console.log(row('synth, empty dist/', fromEmpty.map((r) => r.wallMs), fromEmpty.map((r) => r.timings.maxRssKiB)));
    console.log(row('write floor (plain node, same files)', floors.map((f) => f.wallMs), floors.map((f) => f.maxRssKiB)));
    console.log(`\nratio synth / write floor (medians): up to date ${(median(upToDate.map((r) => r.wallMs)) / floorMedian).toFixed(2)} (target ≤ 2), `
      + `empty ${(median(fromEmpty.map((r) => r.wallMs)) / floorMedian).toFixed(2)} (target ≤ 3)`);

    console.log('\nwhere a synth spends its time (medians, dist/ up to date):');
    const phases: Array<[string, keyof Timings]> = [
      ['process start (node bootstrap)', 'processStart'], ['module loading', 'moduleLoading'],
      ['config loading and validation', 'config'], ['construct tree', 'construct'], ['serialization (toJson + YAML)', 'serialize'],
      ['reference checks', 'references'], ['file writes (compare, write changed)', 'write'],
    ];
    console.log(`  ${'TypeScript compilation'.padEnd(38)} ${ms(0)}  (none: build/ is current; npm run synth compiles and bundles only after a source changed)`);
    for (const [label, key] of phases) console.log(`  ${label.padEnd(38)} ${ms(median(upToDate.map((r) => r.timings[key])))}`);
    console.log(`  ${'in-process total'.padEnd(38)} ${ms(median(upToDate.map((r) => r.timings.total)))}`);

    const npmRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      spawnSync('npm', ['run', '-s', 'synth', '--', '--out', out], { cwd: REPO_ROOT, encoding: 'utf8' });
      npmRuns.push(performance.now() - start);
    }
    console.log(`  npm's own start-up, on top of the above: ${ms(median(npmRuns) - median(upToDate.map((r) => r.wallMs)))} (median of 3 'npm run synth')`);

    console.log('\nscale: generated tenants in every environment (median of 3, one run at 5,000; write floor = the same files written by plain node):');
    let previous: { n: number; ms: number } | undefined;
    for (const n of SIZES) {
      const config = path.join(tmp, `config-${n}`);
      fs.cpSync(path.join(REPO_ROOT, 'config'), config, { recursive: true });
      fs.writeFileSync(path.join(config, 'tenants.yaml'), tenantsYaml(n));
      const runs: Run[] = [];
      const current: Run[] = [];
      const floors: number[] = [];
      const dir = path.join(tmp, `scale-${n}`);
      const repeat = n >= 5000 ? 1 : 3;
      for (let i = 0; i < repeat; i++) {
        fs.rmSync(dir, { recursive: true, force: true });
        runs.push(synth(dir, config));
        current.push(synth(dir, config));
      }
      const scaleJson = path.join(tmp, `files-${n}.json`);
      fs.writeFileSync(scaleJson, JSON.stringify(listFiles(dir)));
      for (let i = 0; i < repeat; i++) {
        const floorOut = path.join(tmp, `floor-${n}`);
        floors.push(floor(script, scaleJson, floorOut).wallMs);
        fs.rmSync(floorOut, { recursive: true, force: true });
      }
      fs.rmSync(dir, { recursive: true, force: true });
      const wall = median(current.map((r) => r.wallMs));
      const growth = previous ? `  (×${(wall / previous.ms).toFixed(1)} for ×${n / previous.n} tenants)` : '';
      console.log(`  ${String(n).padStart(5)} tenants ${String(runs[0].timings.objects).padStart(6)} objects: up to date ${ms(wall)}${growth}, `
        + `empty dist ${ms(median(runs.map((r) => r.wallMs)))}, write floor ${ms(median(floors))}, `
        + `peak RSS ${mib(Math.max(...runs.map((r) => r.timings.maxRssKiB), ...current.map((r) => r.timings.maxRssKiB)))}`);
      previous = { n, ms: wall };
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return 0;
}
