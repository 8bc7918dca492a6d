/**
 * The identity of one rendered resource: where it lives in `dist/` and what Kubernetes
 * calls it.
 *
 * The API version is left out on purpose: moving a resource from `v1beta2` to `v1` of the
 * same group is the same object to the API server, so the differ shows it as a change of
 * `apiVersion`, not as a removal and an addition.
 */
import { mapOrEmpty } from '../validate/json';

export interface ResourceKey {
  /** The environment folder (`dev`, `staging`, `prod`). */
  readonly env: string;
  /** The Argo CD application folder under the environment. */
  readonly app: string;
  /** The API group, `''` for the core group (`v1`). */
  readonly group: string;
  readonly kind: string;
  /** `''` for cluster-scoped resources (or namespaced ones that leave it to Argo CD). */
  readonly namespace: string;
  readonly name: string;
}

/** A Kubernetes object as parsed from YAML: plain JSON data. */
export type KubeObject = Record<string, unknown>;

/** The API group of an `apiVersion`: `apps/v1` → `apps`, `v1` → `''`. */
export function apiGroup(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Builds the key of `object` found in the folder `env/app`. */
export function keyOf(env: string, app: string, object: KubeObject): ResourceKey {
  const metadata = mapOrEmpty(object.metadata);
  return {
    env,
    app,
    group: apiGroup(object.apiVersion),
    kind: typeof object.kind === 'string' ? object.kind : '',
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
    name: typeof metadata.name === 'string' ? metadata.name : '',
  };
}

/** One string per key, for maps; the fields are joined with a byte no name may contain. */
export function keyId(key: ResourceKey): string {
  return [key.env, key.app, key.group, key.kind, key.namespace, key.name].join('\u0000');
}

/** The key without its name and namespace: resources in one bucket may be renames of each other. */
export function bucketId(key: ResourceKey): string {
  return [key.env, key.app, key.group, key.kind].join('\u0000');
}

/** The key without its application folder: the same object moved to another Argo CD application. */
export function objectId(key: ResourceKey): string {
  return [key.env, key.group, key.kind, key.namespace, key.name].join('\u0000');
}

/** How a reviewer reads a resource: `Deployment matih-data-plane/ai-service`, `Namespace matih-kafka`. */
export function displayName(key: ResourceKey): string {
  return `${key.kind} ${displayObjectName(key)}`;
}

/** `namespace/name`, or `name` for cluster-scoped resources. */
export function displayObjectName(key: ResourceKey): string {
  return key.namespace === '' ? key.name : `${key.namespace}/${key.name}`;
}

/** Orders keys by env, app, kind, group, namespace and name, with plain `<` (no locale). */
export function compareKeys(a: ResourceKey, b: ResourceKey): number {
  return (
    compareStrings(a.env, b.env) ||
    compareStrings(a.app, b.app) ||
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.group, b.group) ||
    compareStrings(a.namespace, b.namespace) ||
    compareStrings(a.name, b.name)
  );
}

/** A fixed, locale-free string order. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
