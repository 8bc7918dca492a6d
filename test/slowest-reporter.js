'use strict';
/** A jest reporter that lists the slowest test files after the run (plain JS: jest loads it as is). */
class SlowestFilesReporter {
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({ file: r.testFilePath.replace(/^.*\/build\//, ''), ms: r.perfStats.end - r.perfStats.start }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5);
    process.stderr.write(`\nslowest test files:\n${files.map((f) => `  ${(f.ms / 1000).toFixed(1).padStart(5)} s  ${f.file}`).join('\n')}\n`);
  }
}
module.exports = SlowestFilesReporter;
