import { diffTrees, renderMarkdown, renderText, splitIntoParts } from '../../../tools/diff';
import { configMap, deployment, edited, inApp, pvc } from './fixtures';

function smallChange() {
  const after = edited(deployment(), (d) => {
    d.spec.replicas = 3;
    d.spec.template.spec.containers[0].image = 'a:2';
  });
  return diffTrees(inApp([deployment(), configMap()]), inApp([after, configMap(), configMap('new-config')]));
}

describe('renderText', () => {
  test('opens with the totals and the counts per env by kind and by application', () => {
    const lines = renderText(smallChange()).split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'matih-diff: 1 added, 0 removed, 0 renamed, 1 changed (1 unchanged); 0 dangerous changes',
      '',
      'dev: 1 added, 0 removed, 0 renamed, 1 changed, 1 unchanged',
      '    by kind     added  removed  renamed  changed',
      '    ConfigMap       1        0        0        0',
      '    Deployment      0        0        0        1',
      '    by application  added  removed  renamed  changed',
      '    platform            1        0        0        1',
      '',
      'dev/platform',
    ]);
  });

  test('lists each resource with its changed fields as old → new', () => {
    expect(renderText(smallChange())).toContain(
      [
        '  + added   ConfigMap matih-control-plane/new-config',
        '  ~ changed Deployment matih-control-plane/api',
        '      spec.replicas: 2 → 3',
        '      spec.template.spec.containers[name=api].image: "matihlabsacr.azurecr.io/matih/api:1.0.0" → "a:2"',
      ].join('\n'),
    );
  });

  test('lists dangerous changes before the per-application details', () => {
    const text = renderText(diffTrees(inApp([pvc()]), inApp([])));
    expect(text).toContain(
      'DANGEROUS CHANGES (1)\n  ! dev/platform removed PersistentVolumeClaim matih-data-plane/data-postgres-0: removed: deleting a PersistentVolumeClaim can delete its volume and data\n',
    );
    expect(text.indexOf('DANGEROUS CHANGES')).toBeLessThan(text.indexOf('\ndev/platform\n'));
  });

  test('shows a change of multi-line text as a line diff', () => {
    const before = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 's' }, data: { 'run.sh': 'a\nb\nc\nd\ne\n' } };
    const after = edited(before, (c) => {
      c.data['run.sh'] = 'a\nb\nC\nd\ne\n';
    });
    expect(renderText(diffTrees(inApp([before]), inApp([after])))).toContain(
      [
        '      data["run.sh"]: text changed (2 lines removed or added)',
        '          …',
        '          b',
        '        - c',
        '        + C',
        '          d',
        '          …',
      ].join('\n'),
    );
  });
});

describe('renderMarkdown', () => {
  test('fits a small report in one part with a heading per env and a counts table', () => {
    const parts = renderMarkdown(smallChange());
    expect(parts.length).toEqual(1);
    expect(parts[0]).toContain('### dev\n');
    expect(parts[0]).toContain(
      '| kind | added | removed | renamed | changed |\n|---|---:|---:|---:|---:|\n| ConfigMap | 1 | 0 | 0 | 0 |\n| Deployment | 0 | 0 | 0 | 1 |\n',
    );
    expect(parts[0]).toContain('- ✏️ changed `Deployment matih-control-plane/api`\n  - `spec.replicas: 2 → 3`\n');
    expect(parts[0]).not.toContain('part 1/');
  });

  test('puts dangerous changes first, each with a warning marker', () => {
    const [part] = renderMarkdown(diffTrees(inApp([pvc(), deployment()]), inApp([deployment('bi')])));
    expect(part).toContain(
      '### ⚠️ Dangerous changes (1)\n\n- ⚠️ **dev/platform** removed `PersistentVolumeClaim matih-data-plane/data-postgres-0`: removed: deleting a PersistentVolumeClaim can delete its volume and data\n',
    );
    expect(part.indexOf('Dangerous changes')).toBeLessThan(part.indexOf('### dev'));
  });

  test('folds a long per-resource diff in <details>', () => {
    const after = edited(configMap(), (c) => {
      for (const k of Object.keys(c.data)) c.data[k] += '-v2';
    });
    const [part] = renderMarkdown(diffTrees(inApp([configMap()]), inApp([after])));
    expect(part).toContain(
      '<details><summary>✏️ changed <code>ConfigMap matih-control-plane/api-config</code> · 12 field changes</summary>\n\n```\ndata.KEY_0: "value-0" → "value-0-v2"\n',
    );
    expect(part).toContain('data.KEY_11: "value-11" → "value-11-v2"\n```\n\n</details>\n');
  });

  test('splits a long summary into numbered parts of at most 65,536 characters, between blocks', () => {
    const names = Array.from({ length: 300 }, (_, i) => `config-${String(i).padStart(3, '0')}`);
    const before = names.map((n) => configMap(n));
    const after = before.map((c) =>
      edited(c, (x) => {
        for (const k of Object.keys(x.data)) x.data[k] = 'v'.repeat(40) + k;
      }),
    );
    const parts = renderMarkdown(diffTrees(inApp(before), inApp(after)));

    expect(parts.length).toBeGreaterThan(2);
    parts.forEach((part, i) => {
      expect(part.length).toBeLessThanOrEqual(65536);
      expect(part.startsWith(`**matih-diff · part ${i + 1}/${parts.length}**\n\n`)).toEqual(true);
      expect(part.split('<details>').length).toEqual(part.split('</details>').length);
      expect(part.split('\n').filter((line) => line === '```').length % 2).toEqual(0);
    });
    expect(parts[1]).toContain('_(continued: dev/platform)_');
    const whole = parts.join('');
    for (const n of names) expect(whole).toContain(`<code>ConfigMap matih-control-plane/${n}</code>`);
  });

  test('cuts one resource diff larger than a part into several folded blocks', () => {
    const big = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: {} as Record<string, string> };
    for (let i = 0; i < 2000; i++) big.data[`k${i}`] = 'x'.repeat(60);
    const after = edited(big, (c) => {
      for (const k of Object.keys(c.data)) c.data[k] = 'y'.repeat(60);
    });
    const parts = renderMarkdown(diffTrees(inApp([big]), inApp([after])), { limit: 20000 });
    expect(parts.length).toBeGreaterThan(7);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(20000);
      expect(part.split('<details>').length).toEqual(part.split('</details>').length);
    }
    expect(parts.join('')).toContain('<code>ConfigMap big</code> · 2000 field changes (1/');
  });

  test('refuses a limit too small to hold a block', () => {
    expect(() => splitIntoParts([{ text: 'x'.repeat(2000) }], 500, 'matih-diff')).toThrow(
      'markdown limit 500 is too small: it must be at least 1000 characters',
    );
  });
});
