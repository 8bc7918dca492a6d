import { parse } from 'yaml';
import { toYaml } from '../../../lib/render/yaml';

const parse11 = (s: string) => parse(s, { version: '1.1' });
const parse12 = (s: string) => parse(s, { version: '1.2' });

describe('toYaml', () => {
  test('quotes every string a YAML 1.1 reader would take for something else', () => {
    const tricky = [
      'on',
      'off',
      'yes',
      'no',
      'y',
      'n',
      'Y',
      'NO',
      'true',
      'False',
      'null',
      '~',
      '',
      '12:30',
      '1_000',
      '0x1F',
      '0o17',
      '017',
      '1e3',
      '.5',
      '.inf',
      '-.inf',
      '.nan',
      '2024-01-01',
      '8080',
      '-1',
      '+1',
      '3.14',
      '<<',
      '=',
      '@x',
      '`x',
      '!tag',
      '&anchor',
      '*alias',
      '- x',
      '? x',
      'a: b',
      'a #b',
      '#c',
      '%x',
      '[x]',
      '{x}',
      ' lead',
      'trail ',
      'x,y',
    ];
    for (const s of tricky) {
      const doc = toYaml({ k: s, list: [s] });
      expect(parse11(doc)).toEqual({ k: s, list: [s] });
      expect(parse12(doc)).toEqual({ k: s, list: [s] });
    }
  });

  test('writes safe words plain', () => {
    expect(toYaml({ kind: 'Deployment', path: '/health/ready', label: 'app.kubernetes.io/name' })).toBe(
      'kind: Deployment\npath: /health/ready\nlabel: app.kubernetes.io/name\n',
    );
  });

  test('writes nested maps and sequences in block style with sequence items indented', () => {
    expect(toYaml({ a: { b: [1, { c: true, d: null }], e: [], f: {} } })).toBe('a:\n  b:\n    - 1\n    - c: true\n      d: null\n  e: []\n  f: {}\n');
  });

  test('writes multi-line strings as literal blocks that read back exactly', () => {
    const values = ['line one\nline two\n', 'no trailing newline\nsecond', 'has  \ntrailing blanks', 'x\n\n\n', '\u2028sep\nx'];
    for (const v of values) {
      const doc = toYaml({ script: v, nested: [{ script: v }] });
      expect(parse11(doc)).toEqual({ script: v, nested: [{ script: v }] });
      expect(parse12(doc)).toEqual({ script: v, nested: [{ script: v }] });
    }
    expect(toYaml({ s: 'a\nb\n' })).toBe('s: |\n  a\n  b\n');
  });

  test('escapes control characters, DEL, C1 and Unicode line separators', () => {
    const s = 'a\u0001b\u007fc\u0085d\u2028e\ufefff\tg';
    expect(parse11(toYaml({ s }))).toEqual({ s });
    expect(toYaml({ s })).not.toMatch(/[\u007f\u0085\u2028\ufeff]/);
  });

  test('writes every finite number as a plain decimal, and refuses the rest', () => {
    expect(toYaml({ big: 1e21, small: 1.5e-7, zero: -0 })).toBe('big: 1000000000000000000000\nsmall: 0.00000015\nzero: -0\n');
    expect(() => toYaml({ n: NaN })).toThrow(/only finite numbers/);
    expect(toYaml({ ratio: 0.5, delta: -3 })).toBe('ratio: 0.5\ndelta: -3\n');
    // `n` is a YAML 1.1 boolean even as a key
    expect(toYaml({ n: 1 })).toBe('"n": 1\n');
  });
});
