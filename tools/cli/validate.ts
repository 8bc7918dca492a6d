/**
 * `npm run validate`: checks rendered manifests before Argo CD sees them.
 *
 *   npm run validate -- [folder ...] [--crds <dir>] [--schema <_definitions.json>] ...
 *
 * Prints one line per problem, `<file>: <Kind>/<namespace>/<name>: <rule>: <message>`,
 * sorted, then a summary line; exits 1 when there is a problem, 2 on a usage error.
 * Paths are relative to the working directory (the repository root). A folder of
 * environments (`dist/`) is validated one cluster at a time; see `clusterDirs`. Besides the
 * checks of tools/validate/, each environment's sync plan is checked for waves that cannot
 * gate (`checkEnvironmentGating`), objects on an API version the cluster's Kubernetes
 * version no longer serves (`deprecations/removed`) and, for the clusters of the
 * configuration, pods that fit no node and pools too small at maximum replicas (`capacity/*`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { cachedParse } from '../manifests/cache';
import { loadManifests, parseManifests } from '../manifests/load';
import { clusterDirs } from '../manifests/layout';
import { applicationsByDestination } from '../validate/destinations';
import {
  checkEnvironmentGating,
  compareProblems,
  environmentDirs,
  formatExposure,
  formatProblem,
  internetReport,
  type LoadedObject,
  type Problem,
  SchemaRegistry,
  validateObjects,
} from '../validate';
import { REPO_ROOT } from '../repo';
import { capacityProblems, configuredClusters } from '../capacity/problems';
import { DEFAULT_KUBERNETES_VERSION } from '../deprecations/check';
import { readCrdVersions } from '../deprecations/crds';
import { removedApiProblems } from '../deprecations/problems';
import { parseCommandLine, PROCESS_OUTPUT, usageError, type Output } from './command-line';

const USAGE = `usage: npm run validate -- [folder ...] [--crds <dir>]... [--schema <_definitions.json>]
  [--allowed-registry <prefix>]... [--external-secret <ns/name pattern>]... [--external-service <ns/name pattern>]...
  [--external-namespace <name pattern>]... [--gateway-namespace <controller>=<namespace>]... [--internet]

  folder                       what to check (default: dist); a folder of environments is checked one environment at a time
  --crds <dir>                 CRDs to check custom resources against (default: imports/crds)
  --schema <file>              Kubernetes definitions (default: imports/k8s-1.29/_definitions.json)
  --allowed-registry <prefix>  image prefixes containers may use (default: any)
  --external-secret <pattern>  Secrets that exist outside the folder (ns/name or name, * and ? wildcards)
  --external-service <pattern> Services that exist outside the folder
  --external-namespace <name>  Namespaces that exist outside the folder
  --gateway-namespace <c>=<ns> the namespace where the Gateway controller named c creates each Gateway's
                               LoadBalancer Service (default: the Gateway's own), for the quota check
  --internet                   also list every NetworkPolicy that opens the internet (0.0.0.0/0, ::/0), the workloads it applies to and its reason

exit code: 0 valid, 1 problems found, 2 usage error or nothing to check`;

const OPTIONS = {
  crds: { type: 'string', multiple: true },
  schema: { type: 'string' },
  'allowed-registry': { type: 'string', multiple: true },
  'external-secret': { type: 'string', multiple: true },
  'external-service': { type: 'string', multiple: true },
  'external-namespace': { type: 'string', multiple: true },
  'gateway-namespace': { type: 'string', multiple: true },
  internet: { type: 'boolean' },
} as const;

/**
 * What depends on the cluster a folder is: API versions its Kubernetes version (1.29 when the
 * folder is no configured `<env>/<cluster>`) or a pinned operator no longer serves, and, for
 * the configured clusters, the capacity plan's errors.
 */
function environmentProblems(
  dirs: readonly string[],
  clusters: readonly LoadedObject[][],
  crdDirs: readonly string[],
  parse: ReturnType<typeof cachedParse>,
): Problem[] {
  const readFile = (rel: string) => fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');
  const configured = configuredClusters(dirs, readFile);
  const crds = crdDirs.flatMap((d) => readCrdVersions(d, parse));
  const version = (dir: string) => configured.find((c) => c.dir === dir)?.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  return [
    ...dirs.flatMap((dir, i) => removedApiProblems(clusters[i], version(dir), crds)),
    ...capacityProblems(configured.map((c) => ({ ...c, objects: clusters[dirs.indexOf(c.dir)] }))),
  ];
}

/** Checks the folders; returns the exit code. */
export function main(argv: readonly string[], out: Output = PROCESS_OUTPUT): number {
  const parsed = parseCommandLine('validate', argv, { usage: USAGE, options: OPTIONS, positionals: { max: Infinity } }, out);
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  const args = {
    folders: parsed.positionals.length ? [...parsed.positionals] : ['dist'],
    crds: v.crds ?? [path.join(REPO_ROOT, 'imports', 'crds')],
    schema: v.schema ?? path.join(REPO_ROOT, 'imports', 'k8s-1.29', '_definitions.json'),
    allowedRegistries: v['allowed-registry'] ?? [],
    externalSecrets: v['external-secret'] ?? [],
    externalServices: v['external-service'] ?? [],
    externalNamespaces: v['external-namespace'] ?? [],
    gatewayNamespaces: v['gateway-namespace'] ?? [],
  };
  const gatewayInfraNamespaces: Record<string, string> = {};
  for (const pair of args.gatewayNamespaces) {
    const at = pair.lastIndexOf('=');
    if (at <= 0 || at === pair.length - 1) {
      return usageError('validate', new Error(`--gateway-namespace ${JSON.stringify(pair)}: expected <controller name>=<namespace>`), USAGE, out);
    }
    gatewayInfraNamespaces[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const started = performance.now();
  const clusters: LoadedObject[][] = [];
  const dirs: string[] = [];
  const environments: string[] = [];
  for (const folder of args.folders) {
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
      out.stderr(`validate: ${folder}: no such folder (run npm run synth first?)\n`);
      return 2;
    }
    try {
      const found = clusterDirs(folder);
      for (const dir of found) {
        dirs.push(dir);
        clusters.push(loadManifests(dir, { cache: true }));
      }
      environments.push(...environmentDirs(folder, found));
    } catch (e) {
      // a folder with nothing to check is a mistake, not a pass
      out.stderr(`validate: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const objects = clusters.flat();
  const loadedAt = performance.now();
  let schemas: SchemaRegistry;
  const crdParse = cachedParse(parseManifests);
  try {
    schemas = SchemaRegistry.fromFiles({ definitionsFile: args.schema, crdDirs: args.crds, parse: crdParse });
  } catch (e) {
    out.stderr(`validate: ${(e as Error).message}\n`);
    return 2;
  }
  const options = {
    schemas,
    allowedRegistries: args.allowedRegistries,
    externalSecrets: args.externalSecrets,
    externalServices: args.externalServices,
    externalNamespaces: args.externalNamespaces,
    gatewayInfraNamespaces,
    runObjects: objects,
  };
  // each cluster on its own: references and duplicates do not cross them, but what an
  // Application's chart renders counts in its destination cluster; sync waves are planned per environment
  const scopes = dirs.map((dir, i) => ({ env: path.dirname(dir), cluster: path.basename(dir), objects: clusters[i] }));
  const applications = applicationsByDestination(scopes);
  const problems: Problem[] = scopes.flatMap((s) => validateObjects(s.objects, options, applications.get(`${s.env}/${s.cluster}`)));
  try {
    problems.push(...environmentProblems(dirs, clusters, args.crds, crdParse));
    problems.push(...environments.flatMap((env) => checkEnvironmentGating(env, process.cwd())));
  } catch (e) {
    out.stderr(`validate: ${(e as Error).message}\n`);
    return 2;
  }
  problems.sort(compareProblems);
  crdParse.save();
  const done = performance.now();
  const lines = problems.map(formatProblem);
  if (lines.length) out.stdout(lines.join('\n') + '\n');
  const exposures = clusters.flatMap(internetReport);
  if (v.internet && exposures.length)
    out.stdout(
      `internet: ${exposures.length} NetworkPolic${exposures.length === 1 ? 'y opens' : 'ies open'} the internet:\n${exposures.map((e) => `  ${formatExposure(e)}`).join('\n')}\n`,
    );
  const files = new Set(objects.map((o) => o.file)).size;
  const timing = `${Math.round(done - started)} ms: ${Math.round(loadedAt - started)} ms reading YAML, ${Math.round(done - loadedAt)} ms checking`;
  const rules = new Map<string, number>();
  for (const p of problems) rules.set(p.rule, (rules.get(p.rule) ?? 0) + 1);
  const byRule = [...rules]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  out.stdout(
    problems.length
      ? `validate: ${problems.length} problem${problems.length === 1 ? '' : 's'} (${byRule}) in ${objects.length} objects from ${files} files of ${args.folders.join(', ')} (${timing})\n`
      : `validate: ${objects.length} objects from ${files} files of ${args.folders.join(', ')} are valid; ${exposures.length} NetworkPolicies open the internet, each with its reason${v.internet ? '' : ' (--internet lists them)'} (${timing})\n`,
  );
  return problems.length ? 1 : 0;
}
