import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../../tools/cli/deprecations';
import { runCli as run } from '../../files';
import { writeTree } from '../graph/fixture';
import { FIXTURE_CRDS, obj } from './fixture';

let crds: string;
let root: string;
beforeAll(() => {
  crds = writeTree(FIXTURE_CRDS, 'matih-crds-');
  root = writeTree(
    {
      // the layout before clusters
      'old/dist/dev/api/deployment-api.yaml': obj('apps/v1', 'Deployment', 'api'),
      'old/dist/dev/api/endpoints-legacy.yaml': obj('v1', 'Endpoints', 'legacy'),
      'old/dist/prod/api/deployment-api.yaml': obj('apps/v1', 'Deployment', 'api'),
      'old/dist/prod/secrets/externalsecret-db.yaml': obj('external-secrets.io/v1beta1', 'ExternalSecret', 'db'),
      // the layout with clusters
      'new/dist/prod/bootstrap/notes.json': '{"not": "a manifest"}',
      'new/dist/prod/aks-east/api/deployment-api.yaml': obj('apps/v1', 'Deployment', 'api'),
      'new/dist/prod/aks-east/flow/flowschema-fs.yaml': obj('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', 'fs', ''),
      'new/dist/prod/aks-west/api/deployment-api.yaml': obj('apps/v1', 'Deployment', 'api'),
    },
    'matih-deprecations-',
  );
});
afterAll(() => [crds, root].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const deprecations = (...args: string[]) => run(main, [...args, '--crds', crds]);

describe('npm run deprecations', () => {
  test('exits 0 when nothing is deprecated in the window', () => {
    const r = deprecations(path.join(root, 'old/dist'), '--env', 'dev');
    expect(r.stderr).toEqual('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('dev (Kubernetes 1.29): nothing deprecated or removed');
  });

  test('exits 3 for a deprecation the window reaches, and names the object and its replacement', () => {
    const r = deprecations(path.join(root, 'old/dist'), '--env', 'dev', '--kubernetes-version', '1.30');
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('deprecated v1 Endpoints (1): deprecated in Kubernetes 1.33; use discovery.k8s.io/v1\n');
    expect(r.stdout).toContain(`${path.join(root, 'old/dist/dev/api/endpoints-legacy.yaml')}  Endpoints apps/legacy\n`);
  });

  test('exits 3 for an operator version whose removal is announced after the pinned release', () => {
    const r = deprecations(path.join(root, 'old/dist'), '--env=prod');
    expect(r.status).toBe(3);
    expect(r.stdout).toContain(
      'scheduled  external-secrets.io/v1beta1 ExternalSecret (1): not served from External Secrets Operator 0.17.0 (pinned: 0.13.0); use external-secrets.io/v1',
    );
  });

  test('exits 4 when a version of the window removes an API, per cluster of the new layout', () => {
    const r = deprecations(path.join(root, 'new/dist'));
    expect(r.stderr).toEqual('');
    expect(r.status).toBe(4);
    expect(r.stdout).toContain(
      'prod/aks-east (Kubernetes 1.29): 1 object\n  removed    flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema (1): removed in Kubernetes 1.32; use flowcontrol.apiserver.k8s.io/v1',
    );
    expect(r.stdout).toContain('prod/aks-west (Kubernetes 1.29): nothing deprecated or removed');
    expect(r.stdout).not.toContain('bootstrap');
    // from 1.32 on the same object is removed in the cluster's own version
    expect(deprecations(path.join(root, 'new/dist'), '--kubernetes-version', '1.32').stdout).toContain('not served by Kubernetes 1.32 (removed in 1.32)');
  });

  test('--markdown prints a pull-request section with one row per API version and kind', () => {
    const r = deprecations(path.join(root, 'new/dist'), '--markdown');
    expect(r.status).toBe(4);
    expect(r.stdout.startsWith('### API deprecations\n')).toBe(true);
    expect(r.stdout).toContain(
      '| prod/aks-east | **removed** | `flowcontrol.apiserver.k8s.io/v1beta3` | FlowSchema | 1 | removed in Kubernetes 1.32 | `flowcontrol.apiserver.k8s.io/v1` (',
    );
    expect(r.stdout).toContain('<details><summary>prod/aks-east: 1 object</summary>');
  });

  test('--help, an unknown flag, a bad version, an unknown environment', () => {
    const help = run(main, ['--help']);
    expect([help.status, help.stdout.split('\n')[0]]).toEqual([
      0,
      'usage: npm run deprecations -- [folder] [--env <name>] [--kubernetes-version <1.x>] [--markdown] [--crds <dir>]',
    ]);
    expect(deprecations('--bogus').status).toBe(2);
    const bad = deprecations(path.join(root, 'old/dist'), '--kubernetes-version', '2.1');
    expect([bad.status, bad.stderr.split('\n')[0]]).toEqual([2, 'deprecations: "2.1" is not a Kubernetes version (expected 1.<minor>, e.g. 1.29)']);
    const env = deprecations(path.join(root, 'old/dist'), '--env', 'qa');
    expect([env.status, env.stderr.split('\n')[0]]).toEqual([2, `deprecations: ${path.join(root, 'old/dist')}: no environment "qa" (found: dev, prod)`]);
  });
});
