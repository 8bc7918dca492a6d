/**
 * A faster, equivalent `ApiObject.toJson()` for rendering.
 *
 * cdk8s resolves every value of every object through a generic pipeline: for each value it
 * looks up the App from the construct tree, allocates a resolution context and a copy of
 * the key path, asks three resolvers, then sorts and sanitizes the result in a second
 * walk. That is most of a synth's cost. This walks each object once and does the same
 * thing for the three built-in resolvers (Lazy values, implicit tokens with `resolve()`,
 * number-or-string unions such as IntOrString and Quantity) and the same sanitizing
 * (drop null and undefined, refuse non-plain objects). Key order is left alone: the YAML
 * emitter sorts.
 *
 * Metadata gets the same treatment (cdk8s also drops its empty maps and lists).
 *
 * It is used only where cdk8s's own semantics are certain to be the same: an App with no
 * custom resolvers and an object with no JSON patches; anything else falls back to the
 * original. `test/lib/fast-json.test.ts` checks that both produce the same object for
 * every object of every environment.
 */
import { ApiObject, ApiObjectMetadataDefinition, App, Lazy } from 'cdk8s';

type Json = unknown;

const original = ApiObject.prototype.toJson;
const originalMetadata = ApiObjectMetadataDefinition.prototype.toJson;

/**
 * cdk8s's resolve() followed by sanitizeValue(): `dropEmpty` is metadata's
 * `filterEmptyArrays` and `filterEmptyObjects`.
 */
function resolveValue(value: unknown, dropEmpty: boolean): Json {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  if (value instanceof Lazy) return resolveValue(value.produce(), dropEmpty);
  if (typeof (value as { resolve?: unknown }).resolve === 'function') return resolveValue((value as { resolve: () => unknown }).resolve(), dropEmpty);
  if (Array.isArray(value)) {
    if (dropEmpty && value.length === 0) return undefined;
    return value.map((x) => resolveValue(x, dropEmpty));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const inner = (value as { value?: unknown }).value;
    // IntOrString, Quantity and the unions the CLI generates hold a number or string in `.value`
    if (typeof inner === 'number' || typeof inner === 'string') return { value: inner };
    throw new Error(`can't render non-simple object of type '${(value as object).constructor?.name}'`);
  }
  const out: Record<string, Json> = {};
  let empty = true;
  for (const key in value as Record<string, unknown>) {
    const v = resolveValue((value as Record<string, unknown>)[key], dropEmpty);
    if (v !== undefined && v !== null) { out[key] = v; empty = false; }
  }
  return dropEmpty && empty ? undefined : out;
}

/** Same result as cdk8s's ApiObjectMetadataDefinition.prototype.toJson. */
function fastMetadataToJson(this: ApiObjectMetadataDefinition): Json {
  const m = this as unknown as {
    _additionalAttributes: Record<string, unknown>; name?: string; namespace?: string; annotations: unknown;
    finalizers: unknown; ownerReferences: unknown; labels: unknown;
  };
  return resolveValue({
    ...m._additionalAttributes,
    name: m.name, namespace: m.namespace, annotations: m.annotations, finalizers: m.finalizers,
    ownerReferences: m.ownerReferences, labels: m.labels,
  }, true);
}

/** Same result as cdk8s's ApiObject.prototype.toJson, in one walk. */
function fastToJson(this: ApiObject): Json {
  const self = this as unknown as { props: Record<string, unknown>; patches: unknown[] };
  if (self.patches.length > 0 || App.of(this).resolvers.length !== 3) return original.call(this);
  try {
    const data = resolveValue({ ...self.props, metadata: this.metadata.toJson() }, false) as Record<string, Json>;
    const result: Record<string, Json> = {};
    for (const k of ['apiVersion', 'kind', 'metadata']) if (k in data) result[k] = data[k];
    for (const k in data) if (!(k in result)) result[k] = data[k];
    return result;
  } catch (e) {
    throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
  }
}

/**
 * Runs `fn` with the fast serializer in place of `ApiObject.prototype.toJson` (the
 * generated L1 classes call it through `super.toJson()`), and restores the original after.
 */
export function withFastToJson<T>(fn: () => T): T {
  ApiObject.prototype.toJson = fastToJson as typeof original;
  ApiObjectMetadataDefinition.prototype.toJson = fastMetadataToJson as typeof originalMetadata;
  try {
    return fn();
  } finally {
    ApiObject.prototype.toJson = original;
    ApiObjectMetadataDefinition.prototype.toJson = originalMetadata;
  }
}
