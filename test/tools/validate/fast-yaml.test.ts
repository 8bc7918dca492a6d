import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { listYamlFiles, parseFastYaml } from '../../../tools/validate';
import { REPO_ROOT } from './fixture';

/** What the `yaml` package makes of a text with YAML 1.1 rules, empty documents left out. */
function reference(text: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS()).filter((d) => d !== null);
}

function fast(text: string): unknown[] | undefined {
  return parseFastYaml(text)?.filter((d) => d !== null);
}

describe('parseFastYaml', () => {
  test.each([
    ['nested block mappings and sequences', 'a:\n  b:\n    - c: 1\n      d: "x"\n    - - e\n      - f\n  g: []\n  h: {}\n'],
    ['a sequence at the same indent as its key', 'a:\n- b\n- c: d\nz: 1\n'],
    ['quoted keys and values with escapes', '"app.kubernetes.io/name": "a\\tb\\u00e9"\n\'x\': \'it\'\'s\'\n'],
    ['literal blocks, kept and stripped', 'a: |\n  line 1\n\n    indented\n  line 3\nb: |-\n  no newline\nc: 1\n'],
    ['multi-line plain and single-quoted scalars', 'a: one\n  two\n\n  three\nb: \'x\n  y\'\nc: d\n'],
    ['comments on their own lines', '# head\na: 1\n  # inner\nb: 2\n'],
    ['numbers, booleans, null and version-like strings', 'a: 1\nb: -2.5\nc: true\nd: false\ne: null\nf:\ng: 0.93.0\nh: 30s\ni: 512Mi\n'],
    ['several documents', '---\na: 1\n---\nb: 2\n---\n'],
    ['plain strings with paths and punctuation', 'a: /healthz\nb: .status.phase\nc: ^[a-z]+$\nd: -Xmx1g\ne: some words, [and] {braces}\n'],
  ])('reads %s as the yaml package does', (_, text) => {
    expect(fast(text)).toEqual(reference(text));
  });

  test.each([
    ['yes'], ['on'], ['Off'], ['y'], ['~'], ['012'], ['0x1F'], ['1e3'], ['12:30'], ['2024-01-01'], ['1_000'], ['.inf'], ['-.inf'], ['.nan'],
    ['&anchor x'], ['*alias'], ['!!str x'], ['>\n  folded'], ['[a, b]'], ['{a: 1}'], ['"multi\n  line"'], ['x # comment'], ['a: b'],
  ])('leaves %j to the full parser', (value) => {
    expect(parseFastYaml(`key: ${value}\n`)).toEqual(undefined);
  });

  test('leaves tabs, duplicate keys and unknown forms to the full parser', () => {
    expect(parseFastYaml('a:\n\tb: 1\n')).toEqual(undefined);
    expect(parseFastYaml('a: 1\na: 2\n')).toEqual(undefined);
    expect(parseFastYaml('? a\n: b\n')).toEqual(undefined);
    expect(parseFastYaml('%YAML 1.2\n---\na: 1\n')).toEqual(undefined);
  });

  test('agrees with the yaml package on every upstream CRD and every file of dist/', () => {
    const dirs = [path.join(REPO_ROOT, 'imports/crds'), path.join(REPO_ROOT, 'dist')].filter((d) => fs.existsSync(d));
    let compared = 0;
    for (const file of dirs.flatMap(listYamlFiles)) {
      const text = fs.readFileSync(file, 'utf8');
      const result = fast(text);
      if (result === undefined) continue;
      expect({ file, result }).toEqual({ file, result: reference(text) });
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });
});
