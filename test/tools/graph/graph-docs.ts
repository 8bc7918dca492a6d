/**
 * The golden check of docs/graphs/, split by environment over several test files: parsing
 * all of dist/ in one fresh process would take longer than a test file may.
 */
import * as path from 'path';
import { cachedParse } from '../../../tools/manifests/cache';
import { parseManifests } from '../../../tools/manifests/load';
import { compareGraphDocs, GRAPH_DOCS_DIR, graphDocPath, renderGraphDocs } from '../../../tools/graph/docs';
import { discoverClusters } from '../../../tools/manifests/layout';
import { REPO_ROOT } from '../../../tools/repo';

/**
 * Describes the check of the environments whose position (in name order) modulo `shards`
 * is `shard`; shard 0 also looks for files of environments that are gone.
 */
export function describeGraphDocsShard(shard: number, shards: number): void {
  describe(`the committed ${GRAPH_DOCS_DIR}/ (environments ${shard + 1} of every ${shards})`, () => {
    test('is what npm run graph makes of the committed dist/', () => {
      const clusters = discoverClusters(path.join(REPO_ROOT, 'dist'));
      const envs = [...new Set(clusters.map((c) => c.env))];
      const mine = envs.filter((_, i) => i % shards === shard);
      // the content-addressed cache the CLIs share: a hit is exactly what parsing returns
      const parse = cachedParse(parseManifests);
      const docs = renderGraphDocs(
        clusters.filter((c) => mine.includes(c.env)),
        parse,
      );
      parse.save();
      const problems = compareGraphDocs(path.join(REPO_ROOT, GRAPH_DOCS_DIR), docs, {
        dirLabel: GRAPH_DOCS_DIR,
        ...(shard === 0 ? { wanted: envs.map(graphDocPath) } : {}),
      });
      if (problems.length > 0) throw new Error(`${GRAPH_DOCS_DIR}/ is stale: run npm run graph and commit ${GRAPH_DOCS_DIR}/.\n${problems.join('\n')}`);
      expect(docs.map((d) => d.path)).toEqual(mine.map(graphDocPath));
    });
  });
}
