import { asMap, asString } from './json';
import { checkMetadata } from './metadata';
import { type LoadedObject, problem, type Problem } from './problem';
import { checkValue, type SchemaError } from './schema-check';
import { type SchemaRegistry } from './schema-registry';

/** At most this many schema errors are listed per object; a broken object rarely needs more. */
const MAX_ERRORS_PER_OBJECT = 20;

/**
 * Checks one object against its schema, as the API server would on apply.
 *
 * Rules: `yaml` (the document did not parse), `schema` (a field of the wrong type, an
 * unknown or missing field, a value out of its enum or bounds), `schema/unknown-kind`
 * (no core definition and no served CRD version), `schema/deprecated-version` (a CRD
 * version marked deprecated), `schema/namespace` (a namespaced kind without a namespace,
 * or a cluster-scoped kind with one) and `schema/metadata` (names, labels and annotation
 * keys the API server rejects).
 */
export function checkSchema(loaded: LoadedObject, registry: SchemaRegistry): Problem[] {
  const out: Problem[] = [];
  for (const error of loaded.parseErrors ?? []) out.push(problem(loaded, 'yaml', error));
  const object = asMap(loaded.object);
  if (!object) {
    if (!loaded.parseErrors?.length) out.push(problem(loaded, 'schema', 'the document is not a mapping'));
    return out;
  }
  const apiVersion = asString(object.apiVersion);
  const kind = asString(object.kind);
  if (!apiVersion || !kind) {
    out.push(problem(loaded, 'schema', 'missing apiVersion or kind'));
    return out;
  }
  const found = registry.lookup(apiVersion, kind);
  if (!found.found) {
    out.push(problem(loaded, 'schema/unknown-kind', `${apiVersion} ${kind}: ${found.reason}`));
    return out;
  }
  const { node, namespaced, deprecation } = found.schema;
  if (deprecation) out.push(problem(loaded, 'schema/deprecated-version', deprecation));

  const errors: SchemaError[] = [];
  checkValue(node, object, '', errors);
  for (const e of errors.slice(0, MAX_ERRORS_PER_OBJECT)) {
    out.push(problem(loaded, 'schema', e.path ? `${e.path}: ${e.message}` : e.message));
  }
  if (errors.length > MAX_ERRORS_PER_OBJECT) {
    out.push(problem(loaded, 'schema', `... and ${errors.length - MAX_ERRORS_PER_OBJECT} more schema errors`));
  }

  const namespace = asString(asMap(object.metadata)?.namespace);
  if (namespaced && !namespace) {
    out.push(
      problem(
        loaded,
        'schema/namespace',
        `${kind} is namespaced but metadata.namespace is not set (it would land in whatever namespace the applier defaults to)`,
      ),
    );
  } else if (!namespaced && namespace) {
    out.push(problem(loaded, 'schema/namespace', `${kind} is cluster-scoped but metadata.namespace is "${namespace}"`));
  }
  for (const message of checkMetadata(kind, object.metadata)) out.push(problem(loaded, 'schema/metadata', message));
  return out;
}
