/**
 * `npm run synth` end to end: the real launcher and bundle in a child process where the
 * process matters (time zone, locale, working directory, a kill), `main` in this process
 * where only its answers do (bad input). Outputs start from a copy of the committed dist/,
 * which the golden test proves is what the code renders, instead of a synth each.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../main';
import { listFiles, ROOT, runCli } from './helpers';

const RUN = [path.join(ROOT, 'tools', 'run.js'), 'main.ts'];
const KILL_AT = path.join(ROOT, 'test', 'fixtures', 'kill-at.js');

function synth(args: string[], opts: { cwd?: string; env?: Record<string, string>; preload?: string } = {}) {
  return spawnSync(process.execPath, [...(opts.preload ? ['-r', opts.preload] : []), ...RUN, ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, ...opts.env, CDK8S_OUTDIR: '' },
  });
}

function snapshot(dir: string): Map<string, string> {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const DIST = path.join(ROOT, 'dist');
let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-main-')); });
afterEach(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

/** A copy of the committed dev/ (the current render; one environment keeps copies cheap). */
function committedCopy(): string {
  const out = path.join(tmp, 'out');
  fs.cpSync(path.join(DIST, 'dev'), path.join(out, 'dev'), { recursive: true });
  return out;
}

/** A copy of config/ with one file replaced. */
function configWith(file: string, content: string): string {
  const config = path.join(tmp, 'config');
  fs.cpSync(path.join(ROOT, 'config'), config, { recursive: true });
  fs.writeFileSync(path.join(config, file), content);
  return config;
}

describe('npm run synth', () => {
  test('renders the same bytes whatever the time zone, locale and working directory', () => {
    // one environment: every environment goes through the same code (the golden test renders them all)
    const out = path.join(tmp, 'b');
    const r = synth(['--out', out, '--env', 'dev'], { cwd: os.tmpdir(), env: { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(snapshot(path.join(out, 'dev'))).toEqual(snapshot(path.join(DIST, 'dev')));
  });

  // the writer's answers need no process of their own: `main` in this process
  test('writes nothing when the output is up to date', () => {
    const out = committedCopy();
    const r = runCli(main, ['--out', out, '--env', 'dev']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/: 0 written, \d+ unchanged, 0 deleted/);
  });

  test('removes files no longer rendered', () => {
    const out = committedCopy();
    fs.writeFileSync(path.join(out, 'dev', 'matih-dev', 'namespaces', 'stale.yaml'), 'kind: Stale\n');
    const r = runCli(main, ['--out', out, '--env', 'dev']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/: 0 written, \d+ unchanged, 1 deleted/);
    expect(snapshot(path.join(out, 'dev'))).toEqual(snapshot(path.join(DIST, 'dev')));
  });

  test('--env renders one environment and leaves the others alone', () => {
    const out = path.join(tmp, 'out');
    fs.mkdirSync(path.join(out, 'prod'), { recursive: true });
    fs.writeFileSync(path.join(out, 'prod', 'keep.yaml'), 'kind: Keep\n');
    const r = runCli(main, ['--out', out, '--env=dev']);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['dev', 'prod']);
    expect(fs.readFileSync(path.join(out, 'prod', 'keep.yaml'), 'utf8')).toBe('kind: Keep\n');
  });
});

describe('npm run synth, killed at any point of its writes', () => {
  // dev gains a tenant: a new folder and changed Argo CD files
  const grown = () => configWith('tenants.yaml', `${fs.readFileSync(path.join(ROOT, 'config', 'tenants.yaml'), 'utf8')}  - slug: newco\n    displayName: NewCo\n    tier: standard\n    environments: [dev]\n`);

  test('leaves dist/<env> entirely as before or entirely as after, and the next synth repairs it', () => {
    const config = grown();
    const after = path.join(tmp, 'after');
    expect(runCli(main, ['--out', after, '--env', 'dev', '--config', config]).status).toBe(0);
    const before = snapshot(path.join(DIST, 'dev'));
    const wanted = snapshot(path.join(after, 'dev'));
    // how many file operations the write takes
    const out = committedCopy();
    const report = path.join(tmp, 'count');
    expect(synth(['--out', out, '--env', 'dev', '--config', config], { preload: KILL_AT, env: { KILL_DIR: tmp, KILL_REPORT: report } }).status).toBe(0);
    const total = Number(fs.readFileSync(report, 'utf8'));
    expect(total).toBeGreaterThan(100);
    // the last operations are: old folder aside, mkdir, new folder in, old folder removed.
    // Kill mid-build and between the two renames (dist-writer.test.ts crashes the writer at
    // every one of its operations in process; here a real SIGKILL at the two that matter most).
    for (const at of [Math.floor(total / 2), total - 1]) {
      fs.rmSync(out, { recursive: true, force: true });
      fs.cpSync(path.join(DIST, 'dev'), path.join(out, 'dev'), { recursive: true });
      const killed = synth(['--out', out, '--env', 'dev', '--config', config], { preload: KILL_AT, env: { KILL_DIR: tmp, KILL_AT: String(at) } });
      expect([at, killed.signal]).toEqual([at, 'SIGKILL']);
      const now = snapshot(path.join(out, 'dev'));
      const aside = snapshot(path.join(tmp, '.out-dev.old'));
      const whole = now.size === 0 ? aside : now;
      expect([at, whole.size > 0 && (JSON.stringify([...whole]) === JSON.stringify([...before]) || JSON.stringify([...whole]) === JSON.stringify([...wanted]))]).toEqual([at, true]);
    }
    // the next synth puts the old folder back first, then writes
    const repaired = runCli(main, ['--out', out, '--env', 'dev', '--config', config]);
    expect(repaired.status).toBe(0);
    expect(snapshot(path.join(out, 'dev'))).toEqual(wanted);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('.out-'))).toEqual([]);
  }, 30_000);
});

describe('npm run synth with bad input', () => {
  test.each([
    ['a bad Terraform output', 'terraform/dev/matih-dev.json', (tf: string) => tf.replace(/"ai-service": "[^"]*"/, '"ai-service": "not-a-guid"'),
      'config/terraform/dev/matih-dev.json: workload_identity_client_ids.value.ai-service must be a lower-case GUID (got "not-a-guid")'],
    ['a Terraform file that is not JSON', 'terraform/dev/matih-dev.json', () => '{ "tenant_id": ', 'config/terraform/dev/matih-dev.json: is not valid JSON'],
    ['an unknown tenant tier', 'tenants.yaml', () => 'tenants:\n  - slug: newco\n    displayName: N\n    tier: gold\n    environments: [dev]\n',
      'config/tenants.yaml: tenants[0] (newco).tier must be one of free, standard, enterprise (got "gold")'],
    ['malformed tenants YAML', 'tenants.yaml', () => 'tenants: [\n', 'config/tenants.yaml: is not valid YAML'],
  ])('%s fails with file, path and rule, and leaves the output byte-identical', (_what, file, change, message) => {
    // a file a successful synth would delete, and one it would rewrite
    const out = path.join(tmp, 'out');
    fs.mkdirSync(path.join(out, 'dev', 'matih-dev', 'namespaces'), { recursive: true });
    fs.writeFileSync(path.join(out, 'dev', 'matih-dev', 'namespaces', 'stale.yaml'), 'kind: Stale\n');
    fs.writeFileSync(path.join(out, 'dev', 'matih-dev', 'namespaces', 'namespace-matih-kafka.yaml'), 'kind: Old\n');
    const before = snapshot(out);
    const config = configWith(file, change(fs.readFileSync(path.join(ROOT, 'config', file), 'utf8')));
    const r = runCli(main, ['--out', out, '--config', config, '--env', 'dev']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`${path.relative(process.cwd(), out)}/ left unchanged`);
    expect(snapshot(out)).toEqual(before);
  });

  test('an unknown environment is a usage error, and nothing is written', () => {
    const r = runCli(main, ['--out', path.join(tmp, 'x'), '--env', 'qa']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^synth: unknown environment "qa": must be one of dev, staging, prod\nusage: npm run synth/);
    expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
  });

  test('--help prints the usage to stdout and exits 0; an unknown flag exits 2', () => {
    expect(runCli(main, ['--help'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: npm run synth/) });
    expect(runCli(main, ['--frobnicate'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^synth: Unknown option '--frobnicate'/) });
  });
});

describe('npx cdk8s synth', () => {
  test('renders the same tree as npm run synth', () => {
    // a copy of the repository, because the cdk8s CLI deletes its output folder first
    const copy = path.join(tmp, 'repo');
    // with the sources' times and the current build, so that the copy does not build again
    const build = ['build/main.bundle.js', 'build/main.bundle.js.cache', 'build/.typecheck-stamp'].filter((f) => fs.existsSync(path.join(ROOT, f)));
    for (const entry of ['main.ts', 'tsconfig.json', 'package.json', 'package-lock.json', 'cdk8s.yaml', 'lib', 'charts', 'config', 'imports', 'tools', ...build]) {
      fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
    const r = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade'], { cwd: copy, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: '' } });
    expect(r.status).toBe(0);
    expect(snapshot(path.join(copy, 'dist'))).toEqual(snapshot(DIST));
  }, 60_000);
});
