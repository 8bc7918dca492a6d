/** One line of a line diff: kept (` `), removed (`-`) or added (`+`), or `…` for skipped context. */
export interface DiffLine {
  readonly op: ' ' | '-' | '+' | '…';
  readonly text: string;
}

/** Above this many line pairs the LCS table is too big; the diff shows all old then all new lines. */
const MAX_CELLS = 4_000_000;

/**
 * A line diff of two texts (a ConfigMap's script, a config file) with `context` unchanged
 * lines around each change; runs of unchanged lines beyond that become one `…` line.
 * Uses a longest-common-subsequence table: exact and simple, quadratic in the line count,
 * which is fine for configuration files (and bounded by `MAX_CELLS`).
 */
export function lineDiff(oldText: string, newText: string, context = 1): DiffLine[] {
  const a = oldText.split('\n');
  const b = newText.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: DiffLine[] = a.slice(0, start).map((text) => ({ op: ' ', text }));
  ops.push(...middle(a.slice(start, endA), b.slice(start, endB)));
  ops.push(...a.slice(endA).map((text): DiffLine => ({ op: ' ', text })));
  return withContext(ops, context);
}

function middle(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) {
    return [...a.map((text): DiffLine => ({ op: '-', text })), ...b.map((text): DiffLine => ({ op: '+', text }))];
  }
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] > lcs[i + 1][j])) {
      out.push({ op: '+', text: b[j] });
      j++;
    } else {
      out.push({ op: '-', text: a[i] });
      i++;
    }
  }
  return out;
}

function withContext(ops: DiffLine[], context: number): DiffLine[] {
  const keep = ops.map(() => false);
  ops.forEach((line, index) => {
    if (line.op === ' ') return;
    for (let k = Math.max(0, index - context); k <= Math.min(ops.length - 1, index + context); k++) keep[k] = true;
  });
  const out: DiffLine[] = [];
  ops.forEach((line, index) => {
    if (keep[index]) out.push(line);
    else if (out.length === 0 || out[out.length - 1].op !== '…') out.push({ op: '…', text: '' });
  });
  return out;
}
