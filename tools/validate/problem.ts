import type { ManifestDocument } from '../manifests/load';
import { asMap, asString } from './json';

/** One parsed YAML document of a rendered manifest (see tools/manifests/load.ts). */
export type LoadedObject = ManifestDocument;

/** A finding of the validator, tied to one object and one rule. */
export interface Problem {
  readonly file: string;
  readonly kind: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
  /** The rule id, for example `schema`, `pss/runAsNonRoot`, `ref/secret`, `hygiene/image-tag`. */
  readonly rule: string;
  readonly message: string;
}

/** The identity of an object as problems name it. */
export interface ObjectId {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** Reads apiVersion, kind, namespace and name; missing parts are empty strings. */
export function objectId(object: unknown): ObjectId {
  const map = asMap(object);
  const metadata = asMap(map?.metadata);
  return {
    apiVersion: asString(map?.apiVersion) ?? '',
    kind: asString(map?.kind) ?? '',
    namespace: asString(metadata?.namespace) ?? '',
    name: asString(metadata?.name) ?? '',
  };
}

/** Builds a problem about a loaded object. */
export function problem(loaded: LoadedObject, rule: string, message: string): Problem {
  const id = objectId(loaded.object);
  return { file: loaded.file, kind: id.kind, namespace: id.namespace, name: id.name, rule, message };
}

/**
 * Renders a problem as one line: `<file>: <Kind>/<namespace>/<name>: <rule>: <message>`.
 * A cluster-scoped object has no namespace and is written `<Kind>/<name>`, the way kubectl names it.
 */
export function formatProblem(p: Problem): string {
  const kind = p.kind || '(no kind)';
  const name = p.name || '(no name)';
  const target = p.namespace ? `${kind}/${p.namespace}/${name}` : `${kind}/${name}`;
  return `${p.file}: ${target}: ${p.rule}: ${p.message}`;
}

/** Orders problems by file, object, rule and message with a fixed (code unit) order. */
export function compareProblems(a: Problem, b: Problem): number {
  return compare(formatProblem(a), formatProblem(b));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
