/**
 * The Applications an ApplicationSet generates, as far as they can be known from the
 * repository: its `list` generators and its git `directories` generators (given a way to list
 * the repository's folders), with the parameters Argo CD v3.0 passes to the template. Other
 * generators (clusters, matrix, SCM, pull requests...) depend on the live Argo CD and are
 * reported as not expanded.
 */
import { asArray, asMap, asString, type JsonMap } from '../validate/json';

/** The repository folders matching a git directory generator's `path` pattern (Go `path.Match`: `*` stays within one segment). */
export type ListFolders = (pattern: string) => readonly string[];

/** What an ApplicationSet yields here. */
export interface GeneratedApplications {
  /** The rendered Application objects, in generator order. */
  readonly applications: readonly JsonMap[];
  /** Generators or template expressions that could not be expanded. */
  readonly notExpanded: readonly string[];
}

/**
 * Expands an ApplicationSet: one Application per parameter set of each `list` and git
 * `directories` generator, from `spec.template` (Go templates when `goTemplate` is true,
 * otherwise fasttemplate `{{path.basename}}`). `templatePatch` is not applied.
 */
export function generateApplications(appSet: JsonMap, listFolders?: ListFolders): GeneratedApplications {
  const spec = asMap(appSet.spec) ?? {};
  const goTemplate = spec.goTemplate === true;
  const template = asMap(spec.template) ?? {};
  const notExpanded = new Set<string>();
  const applications: JsonMap[] = [];
  for (const raw of asArray(spec.generators)) {
    const generator = asMap(raw) ?? {};
    const params = parametersOf(generator, listFolders, notExpanded);
    for (const p of params) {
      const rendered = render(template, p, goTemplate, notExpanded) as JsonMap;
      applications.push({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        ...rendered,
        metadata: { namespace: asString(asMap(appSet.metadata)?.namespace), ...asMap(rendered.metadata) },
      });
    }
  }
  if (spec.templatePatch !== undefined) notExpanded.add('templatePatch (not applied)');
  return { applications, notExpanded: [...notExpanded].sort() };
}

function parametersOf(generator: JsonMap, listFolders: ListFolders | undefined, notExpanded: Set<string>): JsonMap[] {
  const list = asMap(generator.list);
  if (list) {
    if (list.elementsYaml !== undefined) notExpanded.add('list generator elementsYaml');
    return asArray(list.elements).map((e) => asMap(e) ?? {});
  }
  const git = asMap(generator.git);
  if (git && git.directories !== undefined) {
    if (!listFolders) {
      notExpanded.add('git directories generator (no folder listing given)');
      return [];
    }
    const included = new Set<string>();
    const excluded = new Set<string>();
    for (const raw of asArray(git.directories)) {
      const d = asMap(raw) ?? {};
      const pattern = asString(d.path);
      if (pattern === undefined) continue;
      for (const folder of listFolders(pattern)) (d.exclude === true ? excluded : included).add(folder);
    }
    const prefix = asString(git.pathParamPrefix);
    return [...included]
      .filter((f) => !excluded.has(f) && !f.split('/').some((s) => s.startsWith('.')))
      .sort()
      .map((f) => {
        const path = pathParameters(f);
        return prefix ? { [prefix]: { path } } : { path };
      });
  }
  notExpanded.add(
    `${
      Object.keys(generator)
        .filter((k) => k !== 'selector')
        .join(', ') || 'empty'
    } generator`,
  );
  return [];
}

/** Argo CD's `path` parameters of a git directory: path, basename, basenameNormalized, segments. */
function pathParameters(folder: string): JsonMap {
  const segments = folder.split('/');
  const basename = segments[segments.length - 1];
  return { path: folder, basename, basenameNormalized: basename.toLowerCase().replace(/[^a-z0-9.-]/g, '-'), segments };
}

function render(value: unknown, params: JsonMap, goTemplate: boolean, notExpanded: Set<string>): unknown {
  if (typeof value === 'string')
    return value.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (whole, expr: string) => {
      const v = goTemplate ? goValue(expr, params) : fastValue(expr, params);
      if (v === undefined) {
        notExpanded.add(`template expression ${whole}`);
        return whole;
      }
      return v;
    });
  if (Array.isArray(value)) return value.map((v) => render(v, params, goTemplate, notExpanded));
  const map = asMap(value);
  if (!map) return value;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(map)) out[k] = render(v, params, goTemplate, notExpanded);
  return out;
}

/** `.a.b` and `index .a.segments N`, the Go template forms Argo CD's documentation uses. */
function goValue(expr: string, params: JsonMap): string | undefined {
  const index = /^index\s+(\.[\w.]+)\s+(\d+)$/.exec(expr);
  if (index) return scalar(asArray(dig(params, index[1].slice(1).split('.')))[Number(index[2])]);
  if (/^\.[\w.]+$/.test(expr)) return scalar(dig(params, expr.slice(1).split('.')));
  return undefined;
}

/** fasttemplate keys: the parameters flattened with dots, and `path[N]` for a segment. */
function fastValue(expr: string, params: JsonMap): string | undefined {
  const segment = /^([\w.]*path)\[(\d+)\]$/.exec(expr);
  if (segment) return scalar(asArray(dig(params, [...segment[1].split('.'), 'segments']))[Number(segment[2])]);
  const v = dig(params, expr.split('.'));
  // {{path}} is the whole path, not the map of path parameters
  if (asMap(v) && asMap(v)?.path !== undefined) return scalar(asMap(v)?.path);
  return scalar(v);
}

function dig(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const k of keys) current = asMap(current)?.[k];
  return current;
}

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
