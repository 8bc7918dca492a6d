/**
 * `npm run validate`: checks rendered manifests before Argo CD sees them.
 *
 *   node build/lib/cli/validate.js [folder ...] [--crds <dir>] [--schema <_definitions.json>]
 *     [--allowed-registry <prefix>]... [--external-secret <pattern>]... [--external-service <pattern>]...
 *     [--external-namespace <pattern>]...
 *
 * Prints one line per problem, `<file>: <Kind>/<namespace>/<name>: <rule>: <message>`,
 * sorted, then a summary line; exits 1 when there is a problem, 2 on a usage error.
 * Paths are relative to the working directory (the repository root). A folder of
 * environments (`dist/`) is validated one environment (cluster) at a time; see `clusterDirs`.
 */
import * as fs from 'fs';
import { performance } from 'perf_hooks';
import { clusterDirs, compareProblems, formatProblem, loadDir, LoadedObject, Problem, SchemaRegistry, validateObjects } from '../validate';

const USAGE = `usage: validate [folder ...] [--crds <dir>] [--schema <_definitions.json>]
  [--allowed-registry <prefix>]... [--external-secret <ns/name pattern>]... [--external-service <ns/name pattern>]...
  [--external-namespace <name pattern>]...
defaults: folder dist, --crds ../shared/crds, --schema ../shared/schemas/k8s-1.29/_definitions.json`;

interface Args {
  folders: string[];
  crds: string[];
  schema: string;
  allowedRegistries: string[];
  externalSecrets: string[];
  externalServices: string[];
  externalNamespaces: string[];
}

/** Parses the command line; throws an Error with the usage on a mistake. */
export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { folders: [], crds: [], schema: '../shared/schemas/k8s-1.29/_definitions.json', allowedRegistries: [], externalSecrets: [], externalServices: [], externalNamespaces: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    switch (arg) {
      case '--crds': args.crds.push(value()); break;
      case '--schema': args.schema = value(); break;
      case '--allowed-registry': args.allowedRegistries.push(value()); break;
      case '--external-secret': args.externalSecrets.push(value()); break;
      case '--external-service': args.externalServices.push(value()); break;
      case '--external-namespace': args.externalNamespaces.push(value()); break;
      case '--help': case '-h': throw new Error(USAGE);
      default:
        if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`);
        args.folders.push(arg);
    }
  }
  if (!args.folders.length) args.folders.push('dist');
  if (!args.crds.length) args.crds.push('../shared/crds');
  return args;
}

function main(argv: readonly string[]): number {
  // `validate | head` closes the pipe early; that is not an error
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 1);
    throw e;
  });
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const started = performance.now();
  const clusters: LoadedObject[][] = [];
  for (const folder of args.folders) {
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
      process.stderr.write(`validate: ${folder}: no such folder (run npm run synth first?)\n`);
      return 2;
    }
    for (const dir of clusterDirs(folder)) clusters.push(loadDir(dir));
  }
  const objects = clusters.flat();
  const loadedAt = performance.now();
  let schemas: SchemaRegistry;
  try {
    schemas = SchemaRegistry.fromFiles({ definitionsFile: args.schema, crdDirs: args.crds });
  } catch (e) {
    process.stderr.write(`validate: ${(e as Error).message}\n`);
    return 2;
  }
  const options = {
    schemas,
    allowedRegistries: args.allowedRegistries,
    externalSecrets: args.externalSecrets,
    externalServices: args.externalServices,
    externalNamespaces: args.externalNamespaces,
  };
  // each environment is its own cluster: references and duplicates do not cross them
  const problems: Problem[] = clusters.flatMap((cluster) => validateObjects(cluster, options)).sort(compareProblems);
  const done = performance.now();
  const lines = problems.map(formatProblem);
  if (lines.length) process.stdout.write(lines.join('\n') + '\n');
  const files = new Set(objects.map((o) => o.file)).size;
  const timing = `${Math.round(done - started)} ms: ${Math.round(loadedAt - started)} ms reading YAML, ${Math.round(done - loadedAt)} ms checking`;
  const rules = new Map<string, number>();
  for (const p of problems) rules.set(p.rule, (rules.get(p.rule) ?? 0) + 1);
  const byRule = [...rules].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([r, n]) => `${r} ${n}`).join(', ');
  process.stdout.write(problems.length
    ? `validate: ${problems.length} problem${problems.length === 1 ? '' : 's'} (${byRule}) in ${objects.length} objects from ${files} files of ${args.folders.join(', ')} (${timing})\n`
    : `validate: ${objects.length} objects from ${files} files of ${args.folders.join(', ')} are valid (${timing})\n`);
  return problems.length ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
