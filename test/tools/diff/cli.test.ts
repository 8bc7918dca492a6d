import { spawnSync } from 'child_process';
import { main } from '../../../tools/cli/diff';
import { runCli } from '../../files';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const deployment = (replicas: number, selector: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: matih-control-plane
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${selector}
`;

/** Writes `files` (relative path → YAML) under a new temporary folder and returns it. */
function tree(root: string, name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function run(args: string[], cwd?: string) {
  return runCli(main, args, { cwd });
}

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
}

describe('npm run diff with --base-dir and --head-dir', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-diff-test-'));
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('exits 0 and prints the changed field for a harmless change', () => {
    const base = tree(root, 'a1', { 'dev/platform/deployment-api.yaml': deployment(2, 'api') });
    const head = tree(root, 'b1', { 'dev/platform/deployment-api.yaml': deployment(3, 'api') });
    const result = run(['--base-dir', base, '--head-dir', head]);
    expect(result.stderr).toEqual('');
    expect(result.status).toEqual(0);
    expect(result.stdout).toContain('  ~ changed Deployment matih-control-plane/api\n      spec.replicas: 2 → 3\n');
  });

  test('exits 3 for a dangerous change and marks the markdown parts', () => {
    const base = tree(root, 'a2', { 'dev/platform/deployment-api.yaml': deployment(2, 'api') });
    const head = tree(root, 'b2', { 'dev/platform/deployment-api.yaml': deployment(2, 'api-v2') });
    const result = run(['--base-dir', base, '--head-dir', head, '--markdown']);
    expect(result.status).toEqual(3);
    expect(result.stdout.startsWith('<!-- matih-diff part 1/1 -->\n## matih-diff\n')).toEqual(true);
    expect(result.stdout).toContain('spec.selector is immutable on a Deployment');
  });

  test('writes the markdown parts to files with --markdown-out', () => {
    const kept = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  namespace: matih-control-plane\n';
    const base = tree(root, 'a3', { 'dev/platform/configmap-kept.yaml': kept });
    const head = tree(root, 'b3', { 'dev/platform/configmap-kept.yaml': kept, 'dev/platform/deployment-api.yaml': deployment(2, 'api') });
    const prefix = path.join(root, 'summary');
    const result = run([`--base-dir=${base}`, '--head-dir', head, '--markdown-out', prefix]);
    expect(result.status).toEqual(0);
    expect(result.stdout).toEqual(`${prefix}-1.md\n`);
    expect(fs.readFileSync(`${prefix}-1.md`, 'utf8')).toContain('**1 added, 0 removed, 0 renamed, 0 changed**');
  });

  test('exits 1 when a folder holds no manifests: nothing compared is not a pass', () => {
    const empty = tree(root, 'empty', { 'README.md': '# x\n' });
    const result = run(['--base-dir', empty, '--head-dir', empty]);
    expect(result.status).toEqual(1);
    expect(result.stderr).toEqual(`matih-diff: ${empty}: holds no manifests (no *.yaml, *.yml, *.json file)\n`);
  });

  test('exits 1 with a message when a folder is missing', () => {
    const result = run(['--base-dir', path.join(root, 'missing'), '--head-dir', root]);
    expect(result.status).toEqual(1);
    expect(result.stderr).toEqual(`matih-diff: ${path.join(root, 'missing')}: no such folder\n`);
  });

  test('exits 2 with the usage on an unknown option', () => {
    const result = run(['--frobnicate']);
    expect(result.status).toEqual(2);
    expect(result.stderr).toMatch(/^diff: Unknown option '--frobnicate'.*\nusage: npm run diff/s);
  });

  test('prints the usage on --help to stdout and exits 0', () => {
    const result = run(['--help']);
    expect(result.status).toEqual(0);
    expect(result.stdout).toMatch(/^usage: npm run diff/);
  });
});

describe('npm run diff against a git ref and a synth', () => {
  let repo: string;
  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-diff-git-'));
    tree(repo, 'dist', { 'dev/platform/deployment-api.yaml': deployment(2, 'api') });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', 'dist');
    git(repo, 'commit', '-q', '-m', 'golden');
    // A working-tree edit that must not leak into the base side.
    fs.writeFileSync(path.join(repo, 'dist/dev/platform/deployment-api.yaml'), deployment(9, 'api'));
  });
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
  });

  test('reads dist/ as committed at the ref, not as in the working tree', () => {
    const head = tree(repo, 'head', { 'dev/platform/deployment-api.yaml': deployment(3, 'api') });
    const result = run(['HEAD', '--head-dir', head], repo);
    expect(result.status).toEqual(0);
    expect(result.stdout).toContain('      spec.replicas: 2 → 3\n');
    expect(result.stdout).toContain('compared dist/ at HEAD (');
  });

  test('exits 1 naming a ref that does not exist', () => {
    const result = run(['no-such-branch', '--head-dir', repo], repo);
    expect(result.status).toEqual(1);
    expect(result.stderr).toContain('matih-diff: unknown git ref "no-such-branch"');
  });

  test('exits 1 and passes on the message of a failed synth', () => {
    tree(repo, 'tools', { 'run.js': 'process.stderr.write("config/dev.yaml: services[0].port 99999 must be below 65536\\n"); process.exit(3);\n' });
    const result = run([], repo);
    expect(result.status).toEqual(1);
    expect(result.stderr).toContain('exited with 3:\nconfig/dev.yaml: services[0].port 99999 must be below 65536\n');
  });
});
