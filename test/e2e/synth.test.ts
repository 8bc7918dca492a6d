/**
 * `npm run synth` as a process: what only a real process shows. The launcher and bundle
 * render the same bytes in any time zone, locale and working directory; a synth killed with
 * SIGKILL while it writes leaves each dist/<env> entirely old or entirely new, and the next
 * synth repairs it; and the cdk8s CLI, running the app of cdk8s.yaml, renders the same tree.
 * Run by `npm run test:e2e` (CI runs it after `npm test`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../main';
import { ROOT, runCli } from '../files';
import { committedCopy, configWith, DIST, snapshot, useTempDir } from '../synth-output';

const RUN = [path.join(ROOT, 'tools', 'run.js'), 'main.ts'];
const KILL_AT = path.join(ROOT, 'test', 'fixtures', 'kill-at.js');
const tmp = useTempDir();

function synth(args: string[], opts: { cwd?: string; env?: Record<string, string>; preload?: string } = {}) {
  return spawnSync(process.execPath, [...(opts.preload ? ['-r', opts.preload] : []), ...RUN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...opts.env, CDK8S_OUTDIR: '' },
  });
}

describe('npm run synth, in a process of its own', () => {
  test('renders the same bytes whatever the time zone, locale and working directory', () => {
    // one environment: every environment goes through the same code (the golden test renders them all)
    const out = path.join(tmp(), 'b');
    const r = synth(['--out', out, '--env', 'dev'], { cwd: os.tmpdir(), env: { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(snapshot(path.join(out, 'dev'))).toEqual(snapshot(path.join(DIST, 'dev')));
  });
});

describe('npm run synth, killed at any point of its writes', () => {
  // dev gains a tenant: a new folder and changed Argo CD files
  const grown = () =>
    configWith(
      tmp(),
      'tenants.yaml',
      `${fs.readFileSync(path.join(ROOT, 'config', 'tenants.yaml'), 'utf8')}  - slug: newco\n    displayName: NewCo\n    tier: standard\n    environments: [dev]\n`,
    );

  test('leaves dist/<env> entirely as before or entirely as after, and the next synth repairs it', () => {
    const config = grown();
    const after = path.join(tmp(), 'after');
    expect(runCli(main, ['--out', after, '--env', 'dev', '--config', config]).status).toBe(0);
    const before = snapshot(path.join(DIST, 'dev'));
    const wanted = snapshot(path.join(after, 'dev'));
    // how many file operations the write takes
    const out = committedCopy(tmp());
    const report = path.join(tmp(), 'count');
    expect(synth(['--out', out, '--env', 'dev', '--config', config], { preload: KILL_AT, env: { KILL_DIR: tmp(), KILL_REPORT: report } }).status).toBe(0);
    const total = Number(fs.readFileSync(report, 'utf8'));
    expect(total).toBeGreaterThan(100);
    // the last operations are: old folder aside, mkdir, new folder in, old folder removed.
    // Kill mid-build and between the two renames (dist-writer.test.ts crashes the writer at
    // every one of its operations in process; here a real SIGKILL at the two that matter most).
    for (const at of [Math.floor(total / 2), total - 1]) {
      fs.rmSync(out, { recursive: true, force: true });
      fs.cpSync(path.join(DIST, 'dev'), path.join(out, 'dev'), { recursive: true });
      const killed = synth(['--out', out, '--env', 'dev', '--config', config], { preload: KILL_AT, env: { KILL_DIR: tmp(), KILL_AT: String(at) } });
      expect([at, killed.signal]).toEqual([at, 'SIGKILL']);
      const now = snapshot(path.join(out, 'dev'));
      const aside = snapshot(path.join(tmp(), '.out-dev.old'));
      const whole = now.size === 0 ? aside : now;
      expect([
        at,
        whole.size > 0 && (JSON.stringify([...whole]) === JSON.stringify([...before]) || JSON.stringify([...whole]) === JSON.stringify([...wanted])),
      ]).toEqual([at, true]);
    }
    // the next synth puts the old folder back first, then writes
    const repaired = runCli(main, ['--out', out, '--env', 'dev', '--config', config]);
    expect(repaired.status).toBe(0);
    expect(snapshot(path.join(out, 'dev'))).toEqual(wanted);
    expect(fs.readdirSync(tmp()).filter((f) => f.startsWith('.out-'))).toEqual([]);
  }, 30_000);
});

describe('npx cdk8s synth', () => {
  test('renders the same tree as npm run synth', () => {
    // the app of cdk8s.yaml, run by the cdk8s CLI, into a folder of its own (the CLI empties
    // its output folder before the app starts, so never dist/ here)
    const out = path.join(tmp(), 'dist');
    const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
    const r = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade', '--output', out], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK8S_OUTDIR: '' },
    });
    expect(r.status).toBe(0);
    expect(snapshot(out)).toEqual(snapshot(DIST));
  }, 60_000);
});
