import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../tools/cli/validate';
import { checkEnvironmentGating, environmentDirs } from '../../../tools/validate';
import { runCli } from '../../files';
import { app, namespace } from '../argocd/fixtures';

/** A checkout with one environment: the root (in `rootWave`) and a namespaces folder on cluster aks-1. */
function checkout(rootWave: number, bootstrap?: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gating-'));
  const write = (rel: string, object: unknown) => {
    fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), JSON.stringify(object));
  };
  write('dist/test/mgmt/argocd/application-root.json', app('root', { wave: rootWave, path: 'dist/test/mgmt/argocd', namespace: 'argocd' }));
  write('dist/test/mgmt/argocd/application-namespaces.json', app('namespaces', { wave: 1, cluster: 'aks-1', path: 'dist/test/aks-1/namespaces' }));
  write('dist/test/aks-1/namespaces/namespace-shop.json', namespace('shop'));
  if (bootstrap) write('dist/test/bootstrap/argocd-values.yaml', bootstrap);
  return dir;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const make = (rootWave: number, bootstrap?: object) => {
  const d = checkout(rootWave, bootstrap);
  dirs.push(d);
  return d;
};

describe("the validator plans each environment's sync waves", () => {
  test('the environments of a folder are the parents of its clusters inside it', () => {
    expect(environmentDirs('dist', ['dist/prod/a', 'dist/prod/b', 'dist/dev/a'])).toEqual(['dist/dev', 'dist/prod']);
    // a cluster or an application folder given on its own has no environment to plan
    expect(environmentDirs('dist/prod/a', ['dist/prod/a'])).toEqual([]);
  });

  test('a root that waits on itself is a problem on its Application, with the Application health check assumed', () => {
    const dir = make(0);
    const problems = checkEnvironmentGating(path.join(dir, 'dist/test'), dir);
    expect(problems.map((p) => [path.relative(dir, p.file), p.kind, p.name, p.rule])).toEqual([
      ['dist/test/mgmt/argocd/application-root.json', 'Application', 'root', 'argocd/root-waits-on-itself'],
    ]);
    expect(checkEnvironmentGating(path.join(dir, 'dist/test'), dir)[0].message).toMatch(/renders itself in wave 0, which is not its last wave/);
  });

  test('the bootstrap values say which health checks Argo CD has: without the Application one, no wave of children gates', () => {
    const dir = make(100, { configs: { cm: { 'resource.customizations.health.cert-manager.io_Certificate': 'return {}' } } });
    expect(checkEnvironmentGating(path.join(dir, 'dist/test'), dir).map((p) => p.rule)).toEqual(['argocd/app-health-missing']);
    const installed = make(100, { configs: { cm: { 'resource.customizations.health.argoproj.io_Application': 'return {}' } } });
    expect(checkEnvironmentGating(path.join(installed, 'dist/test'), installed)).toEqual([]);
  });

  test('npm run validate fails on it, and passes once the root is in its last wave', () => {
    const bad = runCli(main, ['dist'], { cwd: make(0) });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/dist\/test\/mgmt\/argocd\/application-root\.json: Application\/argocd\/root: argocd\/root-waits-on-itself: /);
    const good = runCli(main, ['dist'], { cwd: make(100) });
    expect(good.stdout).toMatch(/are valid/);
    expect(good.status).toBe(0);
  });
});
