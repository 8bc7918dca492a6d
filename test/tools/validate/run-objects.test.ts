import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../../tools/cli/validate';
import { runCli } from '../../files';
import { manifest, writeTree } from '../graph/fixture';

// the management cluster's Argo CD renders the Applications of every cluster: their paths name other cluster folders
const application = (target: string) =>
  manifest(
    'argoproj.io/v1alpha1',
    'Application',
    'other-app',
    'argocd',
    `spec:
  project: default
  destination: { name: other, namespace: app }
  source: { repoURL: https://example.com/repo.git, targetRevision: main, path: ${target} }
`,
  );

describe("npm run validate: Application paths into another cluster's folder", () => {
  let root: string;
  beforeAll(() => {
    root = writeTree({
      'dist/prod/mgmt/argocd/application-ok.yaml': application('dist/prod/other/app'),
      'dist/prod/mgmt/argocd/application-bad.yaml': application('dist/prod/other/missing').replace('other-app', 'bad-app'),
      'dist/prod/other/app/configmap.yaml': manifest('v1', 'ConfigMap', 'c', 'app'),
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a folder of another cluster of the run counts; a missing one is still a problem', () => {
    const run = runCli(main, ['dist'], { cwd: root });
    const appPath = run.stdout.split('\n').filter((l) => l.includes(': ref/appPath:'));
    expect(appPath).toHaveLength(1);
    expect(appPath[0]).toContain(`${path.join('dist', 'prod', 'mgmt', 'argocd', 'application-bad.yaml')}: Application/argocd/bad-app: ref/appPath:`);
  });
});
