/**
 * The README is the front door: what it states about commands, links, pinned charts and
 * unscraped workloads is checked against the repository, so it cannot drift from the code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { clusterDirs } from '../../tools/manifests/layout';
import { loadManifests } from '../../tools/manifests/load';
import { Inventory, objectId } from '../../tools/validate';
import { unscrapedWorkloads } from '../../tools/validate/monitors';
import { env } from '../helpers';
import { readRepoFile, ROOT } from '../files';

const readme = readRepoFile('README.md');
const scripts = Object.keys((JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts);

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
const anchors = (markdown: string) => new Set([...markdown.matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1])));

/** The rows of the markdown table under `heading`, as cells. */
function tableUnder(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThan(-1);
  const lines = markdown.slice(start).split('\n').slice(2);
  const table = lines.slice(lines.findIndex((l) => l.startsWith('|')));
  return table
    .slice(
      2,
      table.findIndex((l) => !l.startsWith('|')),
    )
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

test('every npm run command the README names exists in package.json', () => {
  const named = [...new Set([...readme.matchAll(/npm run ([a-z][a-z-]*)/g)].map((m) => m[1]))];
  expect(named.length).toBeGreaterThan(8);
  expect(named.filter((s) => !scripts.includes(s))).toEqual([]);
});

test('every relative link of the README and of docs/ reaches a file, and its anchor a heading', () => {
  const broken: string[] = [];
  for (const doc of [
    'README.md',
    ...fs
      .readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ]) {
    const text = readRepoFile(doc);
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [file, hash] = target.split('#');
      const resolved = file === '' ? doc : path.posix.normalize(path.posix.join(path.posix.dirname(doc), file));
      if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(`${doc}: ${target} (no file)`);
      else if (hash && resolved.endsWith('.md') && !anchors(readRepoFile(resolved)).has(hash)) broken.push(`${doc}: ${target} (no heading)`);
    }
  }
  expect(broken).toEqual([]);
});

test('the operators table names the chart versions config/base.ts pins', () => {
  const rows = tableUnder(readme, '## Operators');
  const pinned = Object.values(env('prod').platform.operatorCharts).map((c) => c.version);
  const stated = rows.map((r) => /(v?\d+\.\d+\.\d+)/.exec(r[1])?.[1]);
  expect(stated.sort()).toEqual([...pinned].sort());
});

test('"Workloads without metrics" lists exactly the workloads of dist/ that no monitor scrapes', () => {
  const unscraped = new Set<string>();
  for (const dir of clusterDirs(path.join(ROOT, 'dist'))) {
    for (const pod of unscrapedWorkloads(new Inventory(loadManifests(dir, { cache: true })))) {
      const id = objectId(pod.owner.object);
      // a pod template in a ConfigMap (Spark's executors) is said in prose
      if (id.kind !== 'ConfigMap') unscraped.add(`${pod.namespace}/${id.name}`);
    }
  }
  const rows = tableUnder(readme, '### Workloads without metrics');
  expect(rows.map((r) => r[0].replace(/`/g, '')).sort()).toEqual([...unscraped].sort());
  // each with its reason
  expect(rows.filter((r) => r[1].length < 20)).toEqual([]);
});
