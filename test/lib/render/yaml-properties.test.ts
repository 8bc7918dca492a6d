/**
 * The emitter, proven against the `yaml` package: whatever JSON value goes in, the text that
 * comes out parses under YAML 1.1 (as Go's decoder in kubectl and Argo CD reads it) and YAML
 * 1.2 to a value deep-equal to the input, and the same input always gives the same bytes.
 */
import * as fc from 'fast-check';
import { isMap, parse, parseDocument } from 'yaml';
import { toYaml } from '../../../lib/render/yaml';
import { document, trickyString } from './arbitraries';

const RUNS = Number(process.env.YAML_PROPERTY_RUNS ?? 200);

function roundTrips(input: Record<string, unknown>, sortKeys: boolean): void {
  const text = toYaml(input, { sortKeys });
  for (const version of ['1.1', '1.2'] as const) {
    const back: unknown = parse(text, { version, maxAliasCount: -1, uniqueKeys: true });
    try {
      expect(back).toStrictEqual(input);
    } catch (e) {
      throw new Error(`YAML ${version} reads back something else from:\n${text}\n${(e as Error).message}`, { cause: e });
    }
  }
  expect(toYaml(input, { sortKeys })).toBe(text);
}

describe('toYaml, for any document', () => {
  test('parses back, as YAML 1.1 and 1.2, to exactly the input (keys in order)', () => {
    fc.assert(
      fc.property(document, (doc) => roundTrips(doc, false)),
      { numRuns: RUNS },
    );
  });

  test('parses back to exactly the input with sorted keys, and sorts them', () => {
    fc.assert(
      fc.property(document, (doc) => {
        roundTrips(doc, true);
        // the order as written (a JS object would put integer-like keys first)
        const written = parseDocument(toYaml(doc, { sortKeys: true }), { version: '1.1' }).contents;
        const keys = isMap(written) ? written.items.map((pair) => String((pair.key as { value: unknown }).value)) : [];
        const rest = keys.filter((k) => !['apiVersion', 'kind', 'metadata'].includes(k));
        expect(rest).toEqual([...rest].sort());
      }),
      { numRuns: RUNS / 2 },
    );
  });

  test('multi-line strings of any shape parse back exactly', () => {
    const lines = fc
      .array(fc.oneof(trickyString, fc.constantFrom('', ' ', '  x', '\tx', 'x ', '- a', '# c')), { minLength: 2, maxLength: 8 })
      .map((l) => l.join('\n'));
    fc.assert(
      fc.property(lines, (s) => roundTrips({ k: s, l: [s, { s }], n: { m: { s } } }, false)),
      { numRuns: RUNS },
    );
  });

  test('the issue #14 example comes out intact', () => {
    roundTrips({ data: { displayName: '\n  indented first line\nsecond' } }, true);
  });

  test('refuses a string with a lone surrogate, which UTF-8 cannot carry', () => {
    expect(() => toYaml({ s: 'a\ud800b' })).toThrow(/lone UTF-16 surrogate/);
    expect(() => toYaml({ ['k\udc00']: 1 })).toThrow(/lone UTF-16 surrogate/);
  });
});
