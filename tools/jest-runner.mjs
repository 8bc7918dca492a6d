/**
 * Jest runner: the test files run in `maxWorkers` long-lived child processes that keep their
 * loaded modules from one file to the next, through jest-light-runner's worker (Jest's
 * globals, `expect`, circus semantics) and tsx (TypeScript). Jest's default runner loads every
 * module again for each file in a fresh VM context: for this repository, where most test
 * files load the platform (cdk8s, the generated classes, zod config, every chart), that
 * reloading was half of `npm test`.
 *
 * What a shared process means for tests: module state is shared between the files a process
 * runs (caches such as test/helpers.ts's built environments are meant to be; treat what they
 * return as read-only), and process.chdir is real (child processes, not worker threads).
 *
 * Why not jest-light-runner's own child_process runtime: its pool answers every child's
 * request for the run's configuration through one shared listener set, so with two or more
 * children one of them can miss the answer and the run hangs. Here each child is a pool of
 * one with its own channel, so that handshake has exactly one listener and one child.
 *
 * What jest-light-runner's worker does not do, and the tests here therefore do not use: a
 * per-test timeout (`testTimeout`, the third argument of `test`: a file has FILE_TIMEOUT_MS
 * instead), `test.todo`, `test.failing`, `expect.assertions`, module mocks; `--coverage`,
 * `--randomize` and `--watch` are refused.
 */
import { fileURLToPath } from 'url';
import Tinypool from 'tinypool';

/** The per-file worker: jest-light-runner's, wrapped (./jest-worker.mjs). */
const WORKER = new URL('./jest-worker.mjs', import.meta.url);

/**
 * How long one test file may run. jest-light-runner's worker has no per-test timeout, so a
 * test that never settles would hang the run: instead its file fails and its child is replaced.
 */
const FILE_TIMEOUT_MS = Number(process.env.MATIH_TEST_FILE_TIMEOUT_MS ?? 120_000);

/** The message jest-light-runner's worker sends from a child process to get the run's configuration. */
const WANTS_CONFIG = 'jest-light-runner-get-worker-data';

/** One child process, with the channel that answers its configuration request. */
function child(globalConfig, projectConfig) {
  const workerData = { globalConfig, projectConfig, runtime: 'child_process' };
  const listeners = new Set();
  const channel = {
    onMessage: (listener) => listeners.add(listener),
    postMessage: (message) => {
      if (message !== WANTS_CONFIG) return;
      for (const listener of listeners) listener({ type: 'jest-light-runner-worker-data', workerData });
    },
  };
  const pool = new Tinypool({
    filename: fileURLToPath(WORKER),
    runtime: 'child_process',
    minThreads: 1,
    maxThreads: 1,
    // the child loads TypeScript (test files and sources) through tsx's hooks
    execArgv: ['--import', import.meta.resolve('tsx')],
    env: process.env,
  });
  return { run: (path) => pool.run(path, { channel }), destroy: () => pool.destroy() };
}

/**
 * The worker's result with what Jest's own runner reports: wall-clock times of the whole file
 * (module loading included), and each test's full name with its describe blocks.
 */
function asJestResult(result, start) {
  const end = Date.now();
  return {
    ...result,
    perfStats: { ...result.perfStats, start, end, runtime: end - start },
    testResults: result.testResults.map((t) => ({ ...t, fullName: [...t.ancestorTitles, t.title].join(' ') })),
  };
}

/** What jest-light-runner's worker does not do: refused, rather than silently ignored. */
function refuseUnsupported(globalConfig) {
  const unsupported = [
    ['--coverage', globalConfig.collectCoverage],
    ['--randomize', globalConfig.randomize],
    ['--watch', globalConfig.watch || globalConfig.watchAll],
  ].filter(([, on]) => on);
  if (unsupported.length > 0) throw new Error(`tools/jest-runner.mjs does not support ${unsupported.map(([flag]) => flag).join(', ')}`);
}

/** A child's result for one file, or a rejection once the file has run longer than FILE_TIMEOUT_MS. */
function withinTimeout(running) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the test file ran longer than ${FILE_TIMEOUT_MS / 1000} s (a test that never settles?)`)), FILE_TIMEOUT_MS);
  });
  return Promise.race([running, late]).finally(() => clearTimeout(timer));
}

export default class ChildProcessRunner {
  #globalConfig;

  constructor(globalConfig) {
    refuseUnsupported(globalConfig);
    this.#globalConfig = globalConfig;
  }

  async runTests(tests, _watcher, onStart, onResult, onFailure) {
    const queue = [...tests];
    const workers = Math.max(1, Math.min(this.#globalConfig.maxWorkers, queue.length));
    await Promise.all(
      Array.from({ length: workers }, async () => {
        /** This worker's child per project (a run has one project; each gets its configuration). */
        const children = new Map();
        try {
          for (let test = queue.shift(); test; test = queue.shift()) {
            const config = test.context.config;
            if (!children.has(config)) children.set(config, child(this.#globalConfig, config));
            await onStart(test);
            const start = Date.now();
            let result;
            try {
              result = asJestResult(await withinTimeout(children.get(config).run(test.path)), start);
            } catch (error) {
              // a child that failed a file outright (crashed or timed out) is not reused
              await children.get(config).destroy();
              children.delete(config);
              const message = error instanceof Error ? error.message : String(error);
              await onFailure(test, { message, stack: message });
              continue;
            }
            await onResult(test, result);
          }
        } finally {
          await Promise.all([...children.values()].map((c) => c.destroy()));
        }
      }),
    );
  }
}
