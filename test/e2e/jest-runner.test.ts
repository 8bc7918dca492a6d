/**
 * tools/jest-runner.mjs, the runner of `npm test`, on fixture test files: files share their
 * child process (and its modules) and the real process.chdir; a failing, never-settling or
 * process-exiting file fails alone, and the run ends with exit 1 instead of hanging (the
 * upstream child_process runtime could hang once two children started together).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../files';
import { useTempDir } from '../synth-output';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'jest-runner');
const tmp = useTempDir();

interface FileResult {
  readonly name: string;
  readonly status: string;
  readonly message: string;
  readonly assertionResults: ReadonlyArray<{ readonly status: string }>;
}

/** Runs Jest with the runner over the fixtures matching `match`, on two workers, with `fileTimeoutMs` per file. */
function jest(match: string, fileTimeoutMs?: number) {
  const output = path.join(tmp(), 'results.json');
  const config = { rootDir: FIXTURES, testMatch: [`**/${match}`], runner: path.join(ROOT, 'tools', 'jest-runner.mjs'), maxWorkers: 2, transform: {} };
  const run = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--config', JSON.stringify(config), '--json', '--outputFile', output],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...(fileTimeoutMs ? { MATIH_TEST_FILE_TIMEOUT_MS: String(fileTimeoutMs) } : {}) },
      timeout: 60_000,
    },
  );
  expect(run.error).toBeUndefined();
  const files = (JSON.parse(fs.readFileSync(output, 'utf8')).testResults as FileResult[]).map((f) => ({ ...f, name: path.basename(f.name) }));
  return { status: run.status, stderr: run.stderr, files: new Map(files.map((f) => [f.name, f])) };
}

describe('the test runner', () => {
  test('runs files in long-lived child processes with a real working directory', () => {
    const run = jest('pass-*.fixture.js');
    expect(run.status).toBe(0);
    expect([...run.files.values()].map((f) => [f.name, f.status])).toEqual(expect.arrayContaining([1, 2, 3, 4].map((n) => [`pass-${n}.fixture.js`, 'passed'])));
    // four files on two workers: some process ran a second file, with its modules already
    // loaded (what tests print goes to stderr: stdout is Jest's)
    expect(run.stderr).toMatch(/^file 2 of pid \d+$/m);
  });

  test('a failing, a never-settling, a rejecting and an exiting file each fail alone, and the run ends with exit 1', () => {
    const run = jest('*.fixture.js', 3000);
    expect(run.status).toBe(1);
    const status = (name: string) => run.files.get(name)?.status;
    for (const n of [1, 2, 3, 4]) expect(status(`pass-${n}.fixture.js`)).toBe('passed');
    expect(run.files.get('fail.fixture.js')?.assertionResults.map((a) => a.status)).toEqual(['failed', 'passed']);
    expect(status('never-settles.fixture.js')).toBe('failed');
    expect(run.files.get('never-settles.fixture.js')?.message).toMatch(/ran longer than 3 s/);
    expect(status('exits.fixture.js')).toBe('failed');
    expect(status('rejects.fixture.js')).toBe('failed');
    expect(run.files.get('rejects.fixture.js')?.message).toMatch(/unhandled rejection .*nobody waits for this/);
  });
});
