import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listManifestFiles, loadManifests, MAX_ALIAS_COUNT, parseManifests, readManifestFiles } from '../../../tools/manifests/load';
import { jsonSafe } from '../../../tools/manifests/cache';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('the manifest reader', () => {
  test('reads *.yaml, *.yml and *.json recursively in name order, as Argo CD does, and nothing else', () => {
    tree({
      'b/two.yml': `${CM('b')}---\n${CM('c')}`,
      'a/one.yaml': CM('a'),
      'c/three.json': JSON.stringify({ kind: 'ConfigMap', metadata: { name: 'd' } }),
      'a/README.md': '# x',
      'a/notes.txt': 'x',
    });
    expect(listManifestFiles(root)).toEqual(['a/one.yaml', 'b/two.yml', 'c/three.json']);
    const docs = loadManifests(root);
    expect(docs.map((d) => [path.relative(root, d.file), d.index, (d.object as { metadata: { name: string } }).metadata.name])).toEqual([
      ['a/one.yaml', 0, 'a'],
      ['b/two.yml', 0, 'b'],
      ['b/two.yml', 1, 'c'],
      ['c/three.json', 0, 'd'],
    ]);
  });

  test('a folder with no manifest, or no folder, is an error', () => {
    tree({ 'README.md': '# x' });
    expect(() => readManifestFiles(root)).toThrow(`${root}: holds no manifests (no *.yaml, *.yml, *.json file)`);
    expect(() => readManifestFiles(path.join(root, 'missing'))).toThrow('missing: no such folder');
  });

  test('reads YAML 1.1 scalars as Go does: on is true, 0777 is octal', () => {
    const [doc] = parseManifests('a: on\nc: 0777\nd: "on"\ne: yes\n', 'x.yaml');
    expect(doc.object).toEqual({ a: true, c: 511, d: 'on', e: true });
  });

  test('a plain scalar that continues after a blank line keeps the line break', () => {
    const [doc] = parseManifests('motd: first paragraph\n\n    second paragraph\n', 'x.yaml');
    expect(doc.object).toEqual({ motd: 'first paragraph\nsecond paragraph' });
  });

  test('a comment line inside a multi-line plain string is an error, as kubectl says', () => {
    const [doc] = parseManifests('data:\n  motd: first line\n    # a comment\n    second line\n', 'x.yaml');
    expect(doc.parseErrors?.length).toBeGreaterThan(0);
  });

  test('a document with a duplicate key is kept with its YAML error', () => {
    const [doc] = parseManifests('a: 1\na: 2\n', 'x.yaml');
    expect(doc.parseErrors).toEqual(['Map keys must be unique at line 2, column 1:']);
  });

  test(`expands at most ${MAX_ALIAS_COUNT} aliases in a document`, () => {
    const laughs = [
      'a: &a [x, x]',
      ...Array.from({ length: 12 }, (_, i) => `l${i}: &l${i} [${`*${i === 0 ? 'a' : `l${i - 1}`}`}, ${`*${i === 0 ? 'a' : `l${i - 1}`}`}]`),
    ].join('\n');
    const [doc] = parseManifests(`${laughs}\n`, 'x.yaml');
    expect(doc.parseErrors?.join(' ')).toMatch(/alias/i);
  });

  test('skips empty documents', () => {
    expect(parseManifests('---\n---\na: 1\n---\n', 'x.yaml').map((d) => d.object)).toEqual([{ a: 1 }]);
  });
});

describe('the parse cache', () => {
  test('stores only what JSON carries without loss', () => {
    expect(jsonSafe({ a: [1, 'x', null, true, { b: 2.5 }] })).toBe(true);
    for (const v of [new Date(0), NaN, Infinity, -0, Buffer.from('x'), new Map(), { v: new Set() }]) expect(jsonSafe(v)).toBe(false);
  });

  test('answers what parsing answers, timestamps included', () => {
    tree({ 'a.yaml': 'when: 2024-01-01\nn: 1\n', 'b.yaml': CM('b') });
    const first = loadManifests(root, { cache: true });
    const second = loadManifests(root, { cache: true });
    expect(second).toEqual(first);
    expect((second[0].object as { when: unknown }).when).toBeInstanceOf(Date);
    expect(second).toEqual(loadManifests(root));
  });
});
