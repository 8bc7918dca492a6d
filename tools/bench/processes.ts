/**
 * The processes `npm run bench` times: the synth, `helm template` and the write floor, each a
 * fresh process started the way a user starts it, timed from spawn to exit by the bench.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { goTool } from '../go-tools';
import { REPO_ROOT } from '../repo';
import type { RenderedText } from './helm-chart';

/** The phase timings a synth prints on stderr with `--timings` (main.ts). */
export interface SynthTimings {
  readonly processStart: number;
  readonly moduleLoading: number;
  readonly config: number;
  readonly construct: number;
  readonly serialize: number;
  readonly references: number;
  readonly write: number;
  readonly total: number;
  readonly objects: number;
  readonly bytes: number;
  readonly written: number;
  readonly maxRssKiB: number;
}

/** One timed synth. */
export interface SynthRun {
  readonly wallMs: number;
  readonly timings: SynthTimings;
}

/** One timed process that is not the synth. */
export interface ProcessRun {
  readonly wallMs: number;
  /** Peak RSS in KiB, when the process reported it. */
  readonly maxRssKiB?: number;
  readonly stdout: string;
}

/** Flushes dirty pages, so that one run's writes are not paid by the next run. */
export function settle(): void {
  spawnSync('sync');
}

function timed(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): { wallMs: number; stdout: string; stderr: string } {
  settle();
  const start = performance.now();
  const r = spawnSync(command, [...args], { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  const wallMs = performance.now() - start;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return { wallMs, stdout: r.stdout, stderr: r.stderr };
}

/** `npm run synth -- --out <out> --timings [--config <dir>]`, without npm's own start-up. */
export function runSynth(out: string, configDir?: string, entry = 'main.ts', env: Readonly<Record<string, string>> = {}): SynthRun {
  const args = [path.join(REPO_ROOT, 'tools', 'run.js'), entry, '--out', out, '--timings', ...(configDir ? ['--config', configDir] : [])];
  const r = timed(process.execPath, args, { ...process.env, ...env, CDK8S_OUTDIR: '' });
  const line = r.stderr.trim().split('\n').pop() ?? '';
  return { wallMs: r.wallMs, timings: JSON.parse(line) as SynthTimings };
}

/**
 * The write floor: a plain Node process that reads every rendered file from one JSON file
 * and writes it to its path, nothing else. What no generator that writes files can beat.
 */
export const FLOOR_SCRIPT = `
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

/** Runs the write floor script (written by the caller from {@link FLOOR_SCRIPT}). */
export function runFloor(script: string, json: string, out: string): ProcessRun {
  const r = timed(process.execPath, [script, json, out]);
  return { wallMs: r.wallMs, maxRssKiB: (JSON.parse(r.stderr.trim()) as { maxRssKiB: number }).maxRssKiB, stdout: '' };
}

/** helm's environment: no user configuration, no repository cache, no network (as tools/go-tools.ts runs it). */
function helmEnv(): NodeJS.ProcessEnv {
  const home = path.join(REPO_ROOT, 'build', 'go-tools');
  return {
    PATH: process.env.PATH ?? '',
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
}

/** The arguments of `helm template <release> <chart> [--output-dir <dir>]`. */
export function helmTemplateArgs(chartDir: string, outputDir?: string): string[] {
  return ['template', 'bench', chartDir, ...(outputDir ? ['--output-dir', outputDir] : [])];
}

/** `helm template`, to stdout or into `outputDir`. */
export function runHelm(chartDir: string, outputDir?: string): ProcessRun {
  const r = timed(goTool('helm'), helmTemplateArgs(chartDir, outputDir), helmEnv());
  return { wallMs: r.wallMs, stdout: r.stdout };
}

/** A peak RSS and how it was measured. */
export interface PeakRss {
  readonly kib?: number;
  readonly how: string;
}

/**
 * Runs a command as a child and reports its VmHWM (the kernel's peak resident set) from
 * /proc/<pid>/status, read every millisecond until it exits, on the last line of stderr. The
 * last growth before exit can be missed.
 */
const SAMPLER = `
const { spawn } = require('child_process'); const fs = require('fs');
const [cmd, ...args] = process.argv.slice(1);
const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let peak;
const sample = () => { try { const m = /VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/' + child.pid + '/status', 'utf8')); if (m) peak = Number(m[1]); } catch {} };
const timer = setInterval(sample, 1);
child.on('exit', (code) => { clearInterval(timer); process.stderr.write('\\npeak-rss=' + (peak ?? '') + '\\n'); process.exitCode = code ?? 1; });
`;

/**
 * `helm template` once more, untimed, with its peak RSS: exact where GNU time is installed
 * (the kernel's rusage of the child, through wait4); otherwise sampled from /proc, as Node
 * cannot read a child's rusage; otherwise not measured. Returns what helm printed too.
 */
export function runHelmWithPeakRss(chartDir: string, outputDir?: string, timeBinary = '/usr/bin/time'): { stdout: string; rss: PeakRss } {
  const command = [goTool('helm'), ...helmTemplateArgs(chartDir, outputDir)];
  const spawn = (cmd: string, args: readonly string[]) => {
    const r = spawnSync(cmd, [...args], { encoding: 'utf8', env: helmEnv(), maxBuffer: 1 << 30 });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`${command.map((a) => path.basename(a)).join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
    return r;
  };
  if (fs.existsSync(timeBinary)) {
    const r = spawn(timeBinary, ['-f', 'maxrss=%M', ...command]);
    const m = /maxrss=(\d+)\s*$/.exec(r.stderr);
    if (m) return { stdout: r.stdout, rss: { kib: Number(m[1]), how: `wait4 rusage of helm, through ${timeBinary}` } };
  }
  if (fs.existsSync('/proc/self/status')) {
    const r = spawn(process.execPath, ['-e', SAMPLER, ...command]);
    const m = /peak-rss=(\d+)\s*$/.exec(r.stderr);
    if (m) return { stdout: r.stdout, rss: { kib: Number(m[1]), how: '/proc/<pid>/status VmHWM of helm, sampled every ms' } };
  }
  const r = spawn(command[0], command.slice(1));
  return { stdout: r.stdout, rss: { how: 'not measured (no /usr/bin/time, no /proc)' } };
}

/** Every file under `dir` with its text, `/`-separated relative paths, sorted. */
export function readTree(dir: string, rel = '', into: RenderedText[] = []): RenderedText[] {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) readTree(dir, child, into);
    else into.push({ path: child, content: fs.readFileSync(path.join(dir, child), 'utf8') });
  }
  if (rel === '') into.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return into;
}
