import { asArray, asMap, type JsonMap } from './json';

/**
 * A compiled OpenAPI schema node: the subset of OpenAPI v2/v3 and the Kubernetes
 * structural-schema extensions that the API server applies, resolved once so that
 * checking an object never re-reads the raw schema (refs followed, patterns compiled,
 * enums turned into sets, the open/closed decision for unknown fields made).
 *
 * See https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */
export interface SchemaNode {
  /** The JSON types the value may have (`integer` also satisfies `number`); undefined: any. */
  readonly types?: ReadonlySet<string>;
  /** `x-kubernetes-int-or-string` or `format: int-or-string`: an integer or a string. */
  readonly intOrString: boolean;
  readonly format?: string;
  /** `nullable: true`: null is allowed. */
  readonly nullable: boolean;
  readonly properties?: ReadonlyMap<string, SchemaNode>;
  readonly required: readonly string[];
  /** What a key outside `properties` may hold: a schema, anything, or nothing (an unknown field). */
  readonly additional: SchemaNode | 'any' | 'forbidden';
  readonly items?: SchemaNode;
  /** Allowed scalar values (`enum`). */
  readonly enumValues?: ReadonlySet<unknown>;
  readonly pattern?: RegExp;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly oneOf?: readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly allOf?: readonly SchemaNode[];
  readonly not?: SchemaNode;
  /** `x-kubernetes-list-type`: `set` and `map` lists must not repeat an item (or a key). */
  readonly listType?: string;
  readonly listMapKeys?: readonly string[];
}

/** How to compile a family of schemas. */
export interface CompileOptions {
  /**
   * What an object schema without `properties`, `additionalProperties` or
   * `x-kubernetes-preserve-unknown-fields` accepts: `open` for the core definitions
   * (RawExtension and friends are free-form), `closed` for CRD structural schemas
   * (the API server prunes such fields, and strict field validation rejects them).
   */
  readonly bareObject: 'open' | 'closed';
  /** Resolves a `$ref` (core definitions only). */
  readonly resolveRef?: (ref: string) => SchemaNode;
}

/** A schema node while it is being filled in. */
export type MutableSchemaNode = { -readonly [K in keyof SchemaNode]: SchemaNode[K] };

const patternCache = new Map<string, RegExp | undefined>();

/**
 * Compiles one schema node (and everything below it).
 *
 * @param inBranch true below `oneOf`/`anyOf`/`allOf`/`not`: a structural schema declares
 *   fields on the parent, so a branch only adds constraints and never closes an object
 */
export function compileSchema(raw: unknown, options: CompileOptions, inBranch = false): SchemaNode {
  const schema = asMap(raw) ?? {};
  const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
  if (ref && options.resolveRef) return options.resolveRef(ref);
  const node: MutableSchemaNode = { intOrString: false, nullable: schema.nullable === true, required: [], additional: 'any' };
  fillNode(node, schema, options, inBranch);
  return node;
}

/**
 * Fills a node in place; the core-definitions resolver uses this to register a node
 * before compiling its children, so that recursive definitions (JSONSchemaProps) terminate.
 */
export function fillNode(node: MutableSchemaNode, schema: JsonMap, options: CompileOptions, inBranch: boolean): void {
  node.nullable = schema.nullable === true;
  if (typeof schema.type === 'string') node.types = new Set([schema.type]);
  if (typeof schema.format === 'string') node.format = schema.format;
  if (schema['x-kubernetes-int-or-string'] === true || schema.format === 'int-or-string') node.intOrString = true;

  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const props = asMap(schema.properties);
  if (props) {
    const map = new Map<string, SchemaNode>();
    for (const key of Object.keys(props)) map.set(key, compileSchema(props[key], options, inBranch));
    node.properties = map;
  }
  const additional = schema.additionalProperties;
  if (additional === false) node.additional = 'forbidden';
  else if (additional === true || preserve || inBranch) node.additional = 'any';
  else if (asMap(additional)) node.additional = compileSchema(additional, options, inBranch);
  else if (props) node.additional = 'forbidden';
  else if (options.bareObject === 'closed' && schema.type === 'object') node.additional = 'forbidden';
  else node.additional = 'any';

  node.required = asArray(schema.required).filter((r): r is string => typeof r === 'string');
  if (schema.items !== undefined) node.items = compileSchema(schema.items, options, inBranch);
  if (Array.isArray(schema.enum)) node.enumValues = new Set(schema.enum);
  if (typeof schema.pattern === 'string') node.pattern = compilePattern(schema.pattern);
  for (const key of ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    if (typeof schema[key] === 'number') node[key] = schema[key];
  }
  if (schema.exclusiveMinimum === true) node.exclusiveMinimum = true;
  if (schema.exclusiveMaximum === true) node.exclusiveMaximum = true;
  if (typeof schema['x-kubernetes-list-type'] === 'string') node.listType = schema['x-kubernetes-list-type'];
  const mapKeys = asArray(schema['x-kubernetes-list-map-keys']).filter((k): k is string => typeof k === 'string');
  if (mapKeys.length) node.listMapKeys = mapKeys;

  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = asArray(schema[key]);
    if (!branches.length) continue;
    const union = node.intOrString ? undefined : typeUnion(branches);
    // `oneOf: [{type: string}, {type: integer}]` (IntOrString, Quantity in the core
    // definitions) is a type union: check it as one, for speed and a clearer message
    if (union && key !== 'allOf' && !node.types) node.types = union;
    else if (!(node.intOrString && key === 'anyOf')) node[key] = branches.map((b) => compileSchema(b, options, true));
  }
  if (schema.not !== undefined) node.not = compileSchema(schema.not, options, true);
}

/** The union of the branch types when every branch is only `{type: T}` (plus a description). */
function typeUnion(branches: readonly unknown[]): Set<string> | undefined {
  const types = new Set<string>();
  for (const branch of branches) {
    const map = asMap(branch);
    if (!map || typeof map.type !== 'string') return undefined;
    if (Object.keys(map).some((k) => k !== 'type' && k !== 'description')) return undefined;
    types.add(map.type);
  }
  return types;
}

/**
 * Compiles a Go (RE2) pattern as a JavaScript RegExp. The two dialects agree on what
 * CRDs use; a pattern JavaScript cannot compile is skipped rather than guessed at.
 */
function compilePattern(source: string): RegExp | undefined {
  if (!patternCache.has(source)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(source);
    } catch {
      re = undefined;
    }
    patternCache.set(source, re);
  }
  return patternCache.get(source);
}
