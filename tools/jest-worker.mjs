/**
 * What a child process of tools/jest-runner.mjs runs for each test file: jest-light-runner's
 * per-file worker, made safe to share one process between files.
 *
 * - An unhandled rejection fails the file it happened in, named, instead of killing the
 *   process (and losing that file's results). One that surfaces after its file ended is
 *   charged to the next file: the message says so.
 * - After each file, timers are real again and mocks restored, so a file that forgets
 *   `jest.useRealTimers()` cannot stall the next one.
 * - What tests print goes to stderr: stdout stays Jest's (`--json` writes its results there).
 * - The process exits when its parent is gone (a cancelled run leaves no orphan behind).
 */
const { default: runFile } = await import(new URL('./worker-runner.js', import.meta.resolve('jest-light-runner')).href);

process.stdout.write = process.stderr.write.bind(process.stderr);
process.on('disconnect', () => process.exit(1));

let rejections = [];
process.on('unhandledRejection', (reason) => rejections.push(reason));

/** Fails `result` with the unhandled rejections seen while its file ran. */
function withRejections(result, seen) {
  const message = seen.map((e) => `unhandled rejection (in this file, or late from the one before): ${e?.stack ?? String(e)}`).join('\n');
  return {
    ...result,
    numFailingTests: result.numFailingTests + 1,
    failureMessage: [result.failureMessage, message].filter(Boolean).join('\n'),
    testResults: [
      ...result.testResults,
      {
        ancestorTitles: [],
        title: '(unhandled rejection)',
        fullName: '(unhandled rejection)',
        status: 'failed',
        failureMessages: [message],
        duration: 0,
        numPassingAsserts: 0,
      },
    ],
  };
}

export default async function run(testFilePath) {
  rejections = [];
  try {
    const result = await runFile(testFilePath);
    // a rejection a test left unawaited surfaces on a later turn of the event loop
    await new Promise((resolve) => setImmediate(resolve));
    return rejections.length === 0 ? result : withRejections(result, rejections);
  } finally {
    globalThis.jest?.useRealTimers();
    globalThis.jest?.restoreAllMocks();
  }
}
