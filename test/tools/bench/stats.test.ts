import { best, median, mib, ms, positiveIntegers, ratio, summarize } from '../../../tools/bench/stats';
import { verdict } from '../../../tools/bench/report';

describe('bench statistics', () => {
  test('best is the smallest value, whatever the order', () => {
    expect(best([5, 3, 9])).toEqual(3);
    expect(best([7])).toEqual(7);
  });

  test('median is the middle value, or the mean of the two middle values', () => {
    expect(median([9, 1, 5])).toEqual(5);
    expect(median([4, 1, 3, 2])).toEqual(2.5);
    expect(median([7])).toEqual(7);
    // one slow outlier does not move it
    expect(median([100, 101, 99, 5000, 100])).toEqual(100);
  });

  test('median does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  test('no measurements is an error, not NaN or Infinity', () => {
    expect(() => best([])).toThrow('no measurements');
    expect(() => median([])).toThrow('no measurements');
  });

  test('summarize gives best, median and the count', () => {
    expect(summarize([30, 10, 20, 40])).toEqual({ best: 10, median: 25, runs: 4 });
  });

  test('formats', () => {
    expect(ms(1234.4)).toEqual('  1234 ms');
    expect(mib(2048)).toEqual('    2 MiB');
    expect(mib(undefined)).toEqual('     n/a');
    expect(ratio(1, 4)).toEqual('0.25');
    expect(ratio(1, 0)).toEqual('n/a');
  });

  test('positiveIntegers reads a comma-separated list and refuses anything else', () => {
    expect(positiveIntegers('10,100, 1000', '--tenants')).toEqual([10, 100, 1000]);
    expect(() => positiveIntegers('10,x', '--tenants')).toThrow('--tenants must be a comma-separated list of positive integers, got "10,x"');
    expect(() => positiveIntegers('0', '--runs')).toThrow('--runs');
    expect(() => positiveIntegers('1.5', '--runs')).toThrow('--runs');
    expect(() => positiveIntegers('', '--runs')).toThrow('--runs');
  });
});

describe('the bar: synth <= helm template, like for like, medians', () => {
  const runs = (...ms: number[]) => ms.map((wallMs) => ({ wallMs }));
  const synthRuns = runs;

  test('passes when the synth is at or below helm in both comparisons', () => {
    const v = verdict({
      synthEmpty: synthRuns(900, 1000, 5000),
      helmEmptyDir: runs(1000, 1000, 1000),
      synthUpToDate: synthRuns(500, 600, 700),
      helmRewrite: runs(800, 900, 1000),
    });
    expect(v).toEqual({ pass: true, empty: { synth: 1000, helm: 1000 }, upToDate: { synth: 600, helm: 900 } });
  });

  test('fails when the synth into an empty folder is slower than helm --output-dir', () => {
    expect(verdict({ synthEmpty: synthRuns(1100), helmEmptyDir: runs(1000), synthUpToDate: synthRuns(100), helmRewrite: runs(1000) }).pass).toBe(false);
  });

  test('fails when the up-to-date synth is slower than helm rewriting its output', () => {
    expect(verdict({ synthEmpty: synthRuns(100), helmEmptyDir: runs(1000), synthUpToDate: synthRuns(1001), helmRewrite: runs(1000) }).pass).toBe(false);
  });
});
