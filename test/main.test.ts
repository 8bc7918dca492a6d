/**
 * `npm run synth`'s answers, in this process: what it writes and leaves alone, and how it
 * refuses bad input. Outputs start from a copy of the committed dist/, which the golden test
 * proves is what the code renders. What only a real process shows (time zone, locale,
 * working directory, a kill, the cdk8s CLI) is in test/e2e/synth.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../main';
import { ROOT, runCli } from './files';

import { committedCopy, configWith, DIST, snapshot, useTempDir } from './synth-output';

const tmp = useTempDir();

describe('npm run synth', () => {
  test('writes nothing when the output is up to date', () => {
    const out = committedCopy(tmp());
    const r = runCli(main, ['--out', out, '--env', 'dev']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/: 0 written, \d+ unchanged, 0 deleted/);
  });

  test('removes files no longer rendered', () => {
    const out = committedCopy(tmp());
    fs.writeFileSync(path.join(out, 'dev', 'matih-dev', 'namespaces', 'stale.yaml'), 'kind: Stale\n');
    const r = runCli(main, ['--out', out, '--env', 'dev']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/: 0 written, \d+ unchanged, 1 deleted/);
    expect(snapshot(path.join(out, 'dev'))).toEqual(snapshot(path.join(DIST, 'dev')));
  });

  test('--env renders one environment and leaves the others alone', () => {
    const out = path.join(tmp(), 'out');
    fs.mkdirSync(path.join(out, 'prod'), { recursive: true });
    fs.writeFileSync(path.join(out, 'prod', 'keep.yaml'), 'kind: Keep\n');
    const r = runCli(main, ['--out', out, '--env=dev']);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['dev', 'prod']);
    expect(fs.readFileSync(path.join(out, 'prod', 'keep.yaml'), 'utf8')).toBe('kind: Keep\n');
  });
});

describe('npm run synth with bad input', () => {
  test.each([
    [
      'a bad Terraform output',
      'terraform/dev/matih-dev.json',
      (tf: string) => tf.replace(/"ai-service": "[^"]*"/, '"ai-service": "not-a-guid"'),
      'config/terraform/dev/matih-dev.json: workload_identity_client_ids.value.ai-service must be a lower-case GUID (got "not-a-guid")',
    ],
    ['a Terraform file that is not JSON', 'terraform/dev/matih-dev.json', () => '{ "tenant_id": ', 'config/terraform/dev/matih-dev.json: is not valid JSON'],
    [
      'an unknown tenant tier',
      'tenants.yaml',
      () => 'tenants:\n  - slug: newco\n    displayName: N\n    tier: gold\n    environments: [dev]\n',
      'config/tenants.yaml: tenants[0] (newco).tier must be one of free, standard, enterprise (got "gold")',
    ],
    ['malformed tenants YAML', 'tenants.yaml', () => 'tenants: [\n', 'config/tenants.yaml: is not valid YAML'],
  ])('%s fails with file, path and rule, and leaves the output byte-identical', (_what, file, change, message) => {
    // a file a successful synth would delete, and one it would rewrite
    const out = path.join(tmp(), 'out');
    fs.mkdirSync(path.join(out, 'dev', 'matih-dev', 'namespaces'), { recursive: true });
    fs.writeFileSync(path.join(out, 'dev', 'matih-dev', 'namespaces', 'stale.yaml'), 'kind: Stale\n');
    fs.writeFileSync(path.join(out, 'dev', 'matih-dev', 'namespaces', 'namespace-matih-kafka.yaml'), 'kind: Old\n');
    const before = snapshot(out);
    const config = configWith(tmp(), file, change(fs.readFileSync(path.join(ROOT, 'config', file), 'utf8')));
    const r = runCli(main, ['--out', out, '--config', config, '--env', 'dev']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`${path.relative(process.cwd(), out)}/ left unchanged`);
    expect(snapshot(out)).toEqual(before);
  });

  test('an unknown environment is a usage error, and nothing is written', () => {
    const r = runCli(main, ['--out', path.join(tmp(), 'x'), '--env', 'qa']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^synth: unknown environment "qa": must be one of dev, staging, prod\nusage: npm run synth/);
    expect(fs.existsSync(path.join(tmp(), 'x'))).toBe(false);
  });

  test('--help prints the usage to stdout and exits 0; an unknown flag exits 2', () => {
    expect(runCli(main, ['--help'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: npm run synth/) });
    expect(runCli(main, ['--frobnicate'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/^synth: Unknown option '--frobnicate'/) });
  });
});
