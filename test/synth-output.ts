/**
 * What the tests of `npm run synth` share: a temporary folder per test, copies of the
 * committed output and of config/, and a folder's files as a map to compare.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFiles, ROOT } from './files';

/** The committed output, which the golden test proves is what the code renders. */
export const DIST = path.join(ROOT, 'dist');

/** A fresh temporary folder for each test of the file, removed after it: call the result for its path. */
export function useTempDir(): () => string {
  let tmp = '';
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'matih-synth-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return () => tmp;
}

/** Every file under `dir`, by relative path, with its text (empty when there is no folder). */
export function snapshot(dir: string): Map<string, string> {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** A copy of the committed dev/ in `<tmp>/out` (one environment keeps copies cheap). */
export function committedCopy(tmp: string): string {
  const out = path.join(tmp, 'out');
  fs.cpSync(path.join(DIST, 'dev'), path.join(out, 'dev'), { recursive: true });
  return out;
}

/** A copy of config/ in `<tmp>/config` with one file replaced. */
export function configWith(tmp: string, file: string, content: string): string {
  const config = path.join(tmp, 'config');
  fs.cpSync(path.join(ROOT, 'config'), config, { recursive: true });
  fs.writeFileSync(path.join(config, file), content);
  return config;
}
