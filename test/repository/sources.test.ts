/**
 * Every vendored upstream file is byte-identical to the blob imports/SOURCES.md names, and
 * every file under imports/crds/ and imports/k8s-1.29/ is listed there.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { listFiles, ROOT } from '../files';

const IMPORTS = path.join(ROOT, 'imports');

interface SourceRow {
  readonly file: string;
  readonly repository: string;
  readonly tag: string;
  readonly commit: string;
  readonly blob: string;
  readonly size: number;
  readonly sha256: string;
  readonly licence: string;
}

function sourceRows(): SourceRow[] {
  const text = fs.readFileSync(path.join(IMPORTS, 'SOURCES.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => /^\| (crds|k8s-)/.test(line))
    .map((line) => {
      const c = line
        .split('|')
        .slice(1, -1)
        .map((s) => s.trim());
      return { file: c[0], repository: c[1], tag: c[3], commit: c[4], blob: c[5], size: Number(c[6]), sha256: c[7], licence: c[8] };
    });
}

/** The id `git hash-object` prints for a file's bytes. */
function gitBlobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

describe('imports/SOURCES.md', () => {
  const rows = sourceRows();

  test('lists every vendored file once', () => {
    const vendored = [
      ...listFiles(path.join(IMPORTS, 'crds')).map((f) => `crds/${f}`),
      ...listFiles(path.join(IMPORTS, 'k8s-1.29')).map((f) => `k8s-1.29/${f}`),
    ];
    expect(rows.map((r) => r.file).sort()).toEqual(vendored.sort());
  });

  test.each(sourceRows().map((r) => [r.file, r] as const))('%s is the upstream blob it names', (file, row) => {
    const bytes = fs.readFileSync(path.join(IMPORTS, file));
    expect({ size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), blob: gitBlobId(bytes) }).toEqual({
      size: row.size,
      sha256: row.sha256,
      blob: row.blob,
    });
    expect(row.repository).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(row.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(row.tag).not.toEqual('');
    expect(row.licence).toEqual('Apache-2.0');
  });
});
