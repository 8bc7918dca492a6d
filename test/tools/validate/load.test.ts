import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../tools/cli/validate';
import { runCli } from '../../files';
import { clusterDirs } from '../../../tools/manifests/layout';
import { REPO_ROOT } from './fixture';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

function tempTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
  created.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\ndata:\n  a: b\n';

describe('clusterDirs', () => {
  test('a folder of environments of clusters is one cluster per cluster; hand-off folders are not clusters', () => {
    const root = tempTree({
      'dev/c1/app/a.yaml': CONFIG_MAP,
      'dev/c2/app/a.yaml': CONFIG_MAP,
      'prod/c1/app/x/a.yaml': CONFIG_MAP,
      'prod/c1/app/b.yaml': CONFIG_MAP,
      'prod/bootstrap/values.yaml': 'a: 1\n',
    });
    expect(clusterDirs(root)).toEqual([path.join(root, 'dev/c1'), path.join(root, 'dev/c2'), path.join(root, 'prod/c1')]);
  });

  test('a folder of environments of applications is one cluster per environment', () => {
    const root = tempTree({ 'dev/app/a.yaml': CONFIG_MAP, 'prod/app/a.yaml': CONFIG_MAP });
    expect(clusterDirs(root)).toEqual([path.join(root, 'dev'), path.join(root, 'prod')]);
  });

  test('a folder of applications is one cluster', () => {
    const root = tempTree({ 'app/a.yaml': CONFIG_MAP, 'other/b.yaml': CONFIG_MAP });
    expect(clusterDirs(root)).toEqual([root]);
  });
});

describe('the validate CLI', () => {
  const schemaArgs = ['--crds', path.join(REPO_ROOT, 'imports/crds'), '--schema', path.join(REPO_ROOT, 'imports/k8s-1.29/_definitions.json')];

  test('prints one line per problem and a summary, and exits 1', () => {
    const root = tempTree({ 'dev/app/cm.yaml': CONFIG_MAP.replace('a: b', 'a: ${B}'), 'prod/app/cm.yaml': CONFIG_MAP });
    const run = runCli(main, ['.', ...schemaArgs], { cwd: root });
    const lines = run.stdout.trim().split('\n');
    expect(run.status).toEqual(1);
    expect(lines[0]).toEqual(
      'dev/app/cm.yaml: ConfigMap/shop/c: hygiene/template: data.a: "${B}" holds a template marker (${, {{ or }}); dist/ must be plain YAML',
    );
    expect(lines[1]).toMatch(/^validate: 1 problem \(hygiene\/template 1\) in 2 objects from 2 files of \. \(\d+ ms/);
  });

  test('exits 0 on a clean folder, and environments do not see each other as duplicates', () => {
    const root = tempTree({ 'dev/app/cm.yaml': CONFIG_MAP, 'prod/app/cm.yaml': CONFIG_MAP });
    const run = runCli(main, [root, ...schemaArgs]);
    expect(run.status).toEqual(0);
    expect(run.stdout).toMatch(/^validate: 2 objects from 2 files of .* are valid/);
  });

  test('exits 2 for a folder with no manifests: nothing checked is not a pass', () => {
    const root = tempTree({ 'README.md': '# not a manifest\n' });
    const run = runCli(main, [root, ...schemaArgs]);
    expect(run.status).toEqual(2);
    expect(run.stderr).toEqual(`validate: ${root}: holds no manifests (no *.yaml, *.yml, *.json file)\n`);
  });

  test('reports an invalid .yml file, which Argo CD would read too', () => {
    const root = tempTree({ 'app/good.yaml': CONFIG_MAP, 'app/bad.yml': 'kind: ConfigMap\nmetadata: [\n' });
    const run = runCli(main, [root, ...schemaArgs]);
    expect(run.status).toEqual(1);
    expect(run.stdout).toMatch(/app\/bad\.yml: .*yaml/);
  });

  test('exits 2 when the folder does not exist', () => {
    const run = runCli(main, ['no-such-folder', ...schemaArgs], { cwd: os.tmpdir() });
    expect(run.status).toEqual(2);
    expect(run.stderr).toEqual('validate: no-such-folder: no such folder (run npm run synth first?)\n');
  });

  test('checks dist/ against the vendored schemas by default', () => {
    const root = tempTree({ 'dist/dev/app/cm.yaml': CONFIG_MAP.replace('\ndata:', '\ndta:') });
    const run = runCli(main, [], { cwd: root });
    expect(run.status).toEqual(1);
    expect(run.stdout).toContain('dist/dev/app/cm.yaml: ConfigMap/shop/c: schema: dta: unknown field');
  });

  test.each([['--allowed-registry', 'a.io/x'], ['--allowed-registry=a.io/x']])('takes a flag and its value as %s', (...flag) => {
    const root = tempTree({ 'dev/app/cm.yaml': CONFIG_MAP });
    expect(runCli(main, [root, ...flag, ...schemaArgs]).status).toEqual(0);
  });

  test('prints the usage on --help to stdout and exits 0', () => {
    const run = runCli(main, ['--help']);
    expect(run.status).toEqual(0);
    expect(run.stdout).toMatch(/^usage: npm run validate/);
    expect(run.stderr).toEqual('');
  });

  test('rejects an unknown option with the usage and exit 2', () => {
    const run = runCli(main, ['--frobnicate']);
    expect(run.status).toEqual(2);
    expect(run.stderr).toMatch(/^validate: Unknown option '--frobnicate'.*\nusage: npm run validate/s);
  });
});
