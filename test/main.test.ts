import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFiles, ROOT } from './helpers';

const MAIN = [path.join(ROOT, 'tools', 'run.js'), 'main.ts'];

function synth(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  return spawnSync(process.execPath, [...MAIN, ...args], {
    cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, ...opts.env, CDK8S_OUTDIR: '' },
  });
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-main-')); });
afterEach(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

describe('npm run synth', () => {
  test('renders the same bytes whatever the time zone, locale and working directory', () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    expect(synth(['--out', a], { env: { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' } }).status).toBe(0);
    expect(synth(['--out', b], { cwd: os.tmpdir(), env: { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } }).status).toBe(0);
    const first = snapshot(a);
    expect(first.size).toBeGreaterThan(100);
    expect(snapshot(b)).toEqual(first);
    expect(snapshot(path.join(ROOT, 'dist'))).toEqual(first);
  });

  test('writes nothing when dist/ is up to date, and removes files no longer rendered', () => {
    const out = path.join(tmp, 'out');
    expect(synth(['--out', out]).status).toBe(0);
    fs.writeFileSync(path.join(out, 'dev', 'namespaces', 'stale.yaml'), 'kind: Stale\n');
    const second = synth(['--out', out]);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/ 0 written, \d+ unchanged, 1 deleted/);
    expect(fs.existsSync(path.join(out, 'dev', 'namespaces', 'stale.yaml'))).toBe(false);
  });

  test('--env renders one environment and leaves the others alone', () => {
    const out = path.join(tmp, 'out');
    fs.mkdirSync(path.join(out, 'prod'), { recursive: true });
    fs.writeFileSync(path.join(out, 'prod', 'keep.yaml'), 'kind: Keep\n');
    const r = synth(['--out', out, '--env', 'dev']);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['dev', 'prod']);
    expect(fs.readFileSync(path.join(out, 'prod', 'keep.yaml'), 'utf8')).toBe('kind: Keep\n');
  });

  test('a bad Terraform output fails with file, path and rule, and leaves the output untouched', () => {
    const out = path.join(tmp, 'out');
    expect(synth(['--out', out]).status).toBe(0);
    const before = snapshot(out);
    const config = path.join(tmp, 'config');
    fs.cpSync(path.join(ROOT, 'config'), config, { recursive: true });
    const tfFile = path.join(config, 'terraform', 'prod.json');
    const tf = JSON.parse(fs.readFileSync(tfFile, 'utf8'));
    tf.workload_identity_client_ids.value['ai-service'] = 'not-a-guid';
    fs.writeFileSync(tfFile, JSON.stringify(tf));
    const r = synth(['--out', out, '--config', config]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('config/terraform/prod.json: workload_identity_client_ids.value.ai-service must be a lower-case GUID (got "not-a-guid")');
    expect(r.stderr).toContain('/out/ left unchanged');
    expect(snapshot(out)).toEqual(before);
  });

  test('a Terraform file that is not JSON fails and leaves the output untouched', () => {
    const out = path.join(tmp, 'out');
    expect(synth(['--out', out]).status).toBe(0);
    const before = snapshot(out);
    const config = path.join(tmp, 'config');
    fs.cpSync(path.join(ROOT, 'config'), config, { recursive: true });
    fs.writeFileSync(path.join(config, 'terraform', 'staging.json'), '{ "tenant_id": ');
    const r = synth(['--out', out, '--config', config]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/config\/terraform\/staging\.json: is not valid JSON/);
    expect(snapshot(out)).toEqual(before);
  });

  test('an unknown environment is refused', () => {
    const r = synth(['--out', path.join(tmp, 'x'), '--env', 'qa']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown environment "qa": must be one of dev, staging, prod');
    expect(fs.existsSync(path.join(tmp, 'x'))).toBe(false);
  });
});

describe('npm run synth with bad tenants', () => {
  test.each([
    ['an unknown tier', 'tenants:\n  - slug: newco\n    displayName: N\n    tier: gold\n    environments: [dev]\n', 'config/tenants.yaml: tenants[0] (newco).tier must be one of free, standard, enterprise (got "gold")'],
    ['malformed YAML', 'tenants: [\n', 'config/tenants.yaml: is not valid YAML'],
  ])('%s fails with file, entry and rule, and leaves the output byte-identical', (_what, yaml, message) => {
    const out = path.join(tmp, 'out');
    expect(synth(['--out', out]).status).toBe(0);
    const before = snapshot(out);
    const config = path.join(tmp, 'config');
    fs.cpSync(path.join(ROOT, 'config'), config, { recursive: true });
    fs.writeFileSync(path.join(config, 'tenants.yaml'), yaml);
    const r = synth(['--out', out, '--config', config]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('npx cdk8s synth', () => {
  test('renders the same tree as npm run synth', () => {
    // a copy of the repository, because the cdk8s CLI deletes its output folder first
    const copy = path.join(tmp, 'repo');
    for (const entry of ['main.ts', 'tsconfig.json', 'package.json', 'package-lock.json', 'cdk8s.yaml', 'lib', 'charts', 'config', 'imports', 'tools']) {
      fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
    const r = spawnSync(process.execPath, [cli, 'synth', '--no-check-upgrade'], { cwd: copy, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: '' } });
    expect(r.status).toBe(0);
    expect(snapshot(path.join(copy, 'dist'))).toEqual(snapshot(path.join(ROOT, 'dist')));
  }, 60_000);
});
