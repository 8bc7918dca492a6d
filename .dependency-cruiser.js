/**
 * The layers of the repository, checked by `npm run lint`:
 *   imports/ (generated types)  <- lib/ (generic constructs)  <- charts/ (the platform)  <- main.ts
 *   config/ (validated settings) is read by charts/ and tools/;  tools/ (validate, diff, bench, ...) may read all but main.ts.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'an import cycle', from: {}, to: { circular: true } },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'a module nothing imports (dead code)',
      from: { orphan: true, pathNot: ['^main\\.ts$', '^tools/cli/', '^test/', '\\.d\\.ts$', '^tools/.*\\.m?js$', '^imports/'] },
      to: {},
    },
    {
      name: 'lib-is-generic',
      severity: 'error',
      comment: 'lib/ holds generic constructs: it knows nothing of the platform, its config or its tools',
      from: { path: '^lib/' },
      to: { path: '^(charts|config|tools|test)/|^main\\.ts$' },
    },
    {
      name: 'imports-are-leaves',
      severity: 'error',
      comment: 'imports/ is generated from upstream schemas',
      from: { path: '^imports/' },
      to: { path: '^(lib|charts|config|tools|test)/|^main\\.ts$' },
    },
    {
      name: 'config-is-data',
      severity: 'error',
      comment: 'config/ is settings and their schema: no constructs, no tools',
      from: { path: '^config/' },
      to: { path: '^(charts|tools|test)/|^main\\.ts$' },
    },
    {
      name: 'charts-do-not-use-tools',
      severity: 'error',
      comment: 'charts/ render; tools/ check and report',
      from: { path: '^charts/' },
      to: { path: '^(tools|test)/|^main\\.ts$' },
    },
    {
      name: 'tools-do-not-use-main',
      severity: 'error',
      comment: 'main.ts is the synth CLI; the pipeline lives in tools/synth.ts',
      from: { path: '^(tools|lib|charts|config)/' },
      to: { path: '^main\\.ts$' },
    },
    { name: 'no-test-imports-in-sources', severity: 'error', from: { pathNot: '^test/' }, to: { path: '^test/' } },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'what synth needs at run time is a dependency, not a devDependency',
      from: { path: '^(lib|charts|config|imports)/|^main\\.ts$' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    { name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(build|dist|node_modules)/' },
  },
};
