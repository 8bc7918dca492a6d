import * as path from 'path';
import { loadManifests } from '../tools/manifests/load';
import { clusterDirs } from '../tools/manifests/layout';
import { checkEnvironmentGating, formatProblem, validateObjects } from '../tools/validate';
import { defaultSchemas } from './tools/validate/fixture';
import { ENVIRONMENTS } from '../config';
import { ROOT } from './files';

// `npm run validate` inside `npm test`: the committed dist/ passes every check
describe('npm run validate on the committed dist/', () => {
  const schemas = defaultSchemas();
  for (const dir of clusterDirs(path.join(ROOT, 'dist'))) {
    test(`${path.basename(dir)} has no schema, Pod Security, reference or hygiene problem`, () => {
      const objects = loadManifests(dir, { cache: true });
      expect(objects.length).toBeGreaterThan(100);
      const problems = validateObjects(objects, {
        schemas,
        allowedRegistries: ['matihlabsacr.azurecr.io/', 'matillion.azurecr.io/cloud-agent'],
        // as package.json's validate script: Envoy Gateway creates every Gateway's Service in the edge namespace
        gatewayInfraNamespaces: { 'gateway.envoyproxy.io/gatewayclass-controller': 'matih-ingress' },
      });
      expect(problems.map(formatProblem)).toEqual([]);
    });
  }
});

// the sync waves of each environment gate what they are meant to (npm run validate plans them too)
describe.each(ENVIRONMENTS.map((e) => [e]))('the sync plan of dist/%s', (name) => {
  test('has no wave that cannot gate what follows it', () => {
    expect(checkEnvironmentGating(path.join(ROOT, 'dist', name), ROOT).map(formatProblem)).toEqual([]);
  });
});
