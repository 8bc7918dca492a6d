/**
 * The bench's multi-region case, and what it stands for: a new cluster is one more entry plus
 * its Terraform outputs file. Each environment grown to four clusters synthesizes (its
 * reference checks pass: the operators' charts of a regional cluster are deployed to it by the
 * environment's one Argo CD), with every added cluster's folders and Applications.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONFIG_SOURCES } from '../../../config';
import { addedClusters, regionSources, writeRegionData } from '../../../tools/bench/regions';
import { dataFileReader, renderEnvironments } from '../../../tools/synth';
import { ROOT } from '../../files';

let config: string;
beforeAll(() => {
  config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'matih-regions-')), 'config');
  fs.cpSync(path.join(ROOT, 'config'), config, { recursive: true });
  writeRegionData(config, CONFIG_SOURCES, 4);
});
afterAll(() => fs.rmSync(path.dirname(config), { recursive: true, force: true }));

describe('every environment with more clusters', () => {
  test('adds copies of matih-<env> in other regions, up to the count', () => {
    expect(addedClusters('dev', 2, 4)).toEqual([
      { name: 'matih-dev-westeurope', region: 'westeurope' },
      { name: 'matih-dev-northeurope', region: 'northeurope' },
    ]);
    expect(addedClusters('dev', 2, 2)).toEqual([]);
    const clusters = regionSources(CONFIG_SOURCES, 4).platform.overrides.prod.clusters!;
    expect(Object.keys(clusters).sort()).toEqual(['ai-platform-prod', 'matih-prod', 'matih-prod-northeurope', 'matih-prod-westeurope']);
    expect(clusters['matih-prod-northeurope']).toEqual({ ...clusters['matih-prod'], region: 'northeurope' });
  });

  test('synthesizes with every reference resolved, one Argo CD deploying to every cluster', () => {
    const files = renderEnvironments(['staging'], dataFileReader(config), undefined, { sources: regionSources(CONFIG_SOURCES, 4) });
    const clusters = new Set(files.filter((f) => !f.handoff).map((f) => f.path.split('/')[1]));
    expect([...clusters].sort()).toEqual(['ai-platform-staging', 'matih-staging', 'matih-staging-northeurope', 'matih-staging-westeurope']);
    const destinations = files
      .filter((f) => f.path.startsWith('staging/matih-staging/argocd/') && f.object.kind === 'Application')
      .map((f) => (f.object.spec as { destination: { name: string } }).destination.name);
    for (const c of clusters) expect(destinations).toContain(c);
  });
});
