import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../../tools/cli/graph';
import { runCli as run } from '../../files';
import { manifest, writeTree } from './fixture';

const deployment = (ns: string, name: string) =>
  manifest(
    'apps/v1',
    'Deployment',
    name,
    ns,
    `spec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: main\n          ports:\n            - containerPort: 8080\n`,
  );

describe('npm run graph', () => {
  let root: string;
  beforeEach(() => {
    root = writeTree(
      {
        'dist/dev/web/deployment-web.yaml': deployment('web', 'web'),
        'dist/dev/back/deployment-api.yaml': deployment('back', 'api'),
        'dist/prod/web/deployment-web.yaml': deployment('web', 'web'),
        'docs/graphs/qa.md': 'an environment that is gone',
      },
      'matih-graph-cli-',
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const graph = (...args: string[]) => run(main, [path.join(root, 'dist'), '--out', path.join(root, 'docs/graphs'), ...args]);

  test('writes one file per environment, removes those of environments that are gone, and --check agrees', () => {
    const r = graph();
    expect(r.stderr).toEqual('');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(root, 'docs/graphs')).sort()).toEqual(['dev.md', 'prod.md']);
    expect(r.stdout).toContain(`removed ${path.join(root, 'docs/graphs/qa.md')}`);
    expect(fs.readFileSync(path.join(root, 'docs/graphs/dev.md'), 'utf8')).toContain('| `back/api` | `web/web` | 8080/TCP |');
    expect(graph().stdout).toContain(`unchanged ${path.join(root, 'docs/graphs/dev.md')}`);
    expect(graph('--check').status).toBe(0);
  });

  test('--check fails, naming the stale file and the command to run', () => {
    graph();
    fs.appendFileSync(path.join(root, 'docs/graphs/prod.md'), 'edited by hand\n');
    const r = graph('--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toEqual(`graph: ${path.join(root, 'docs/graphs')} is stale: run npm run graph\ndiffers: ${path.join(root, 'docs/graphs')}/prod.md\n`);
  });

  test('--env writes that environment only and leaves the other files alone', () => {
    const r = graph('--env', 'prod');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(root, 'docs/graphs')).sort()).toEqual(['prod.md', 'qa.md']);
  });

  test('--help, an unknown flag, an unknown environment', () => {
    expect(run(main, ['--help'])).toMatchObject({ status: 0, stderr: '' });
    expect(run(main, ['--help']).stdout.startsWith('usage: npm run graph -- [folder] [--env <name>] [--out <dir>] [--check]\n')).toBe(true);
    expect(graph('--colour').status).toBe(2);
    const r = graph('--env', 'qa');
    expect([r.status, r.stderr.split('\n')[0]]).toEqual([2, `graph: ${path.join(root, 'dist')}: no environment "qa" (found: dev, prod)`]);
  });
});
