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
 */
import { fileURLToPath } from 'url';
import Tinypool from 'tinypool';

/** jest-light-runner's per-file worker: the package exports only its runners, so it is found beside them. */
const WORKER = new URL('./worker-runner.js', import.meta.resolve('jest-light-runner'));

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
            try {
              await onResult(test, await withinTimeout(children.get(config).run(test.path)));
            } catch (error) {
              // a child that failed a file outright (crashed or timed out) is not reused
              await children.get(config).destroy();
              children.delete(config);
              await onFailure(test, error);
            }
          }
        } finally {
          await Promise.all([...children.values()].map((c) => c.destroy()));
        }
      }),
    );
  }
}
