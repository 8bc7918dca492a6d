import { placeTreeFiles } from '../manifests/layout';
import { parseManifests, readManifestFiles, type ManifestFile } from '../manifests/load';
import { compareStrings, keyId, keyOf, type KubeObject, type ResourceKey } from './resource-key';
import { isMap } from '../validate/json';

/** One resource of a rendered tree, with where it came from. */
export interface TreeResource {
  readonly key: ResourceKey;
  /** The file, relative to the tree's root, with `/` separators. */
  readonly file: string;
  readonly object: KubeObject;
}

/** A manifest file's path (relative to the tree's root, `/`-separated) and text. */
export type TreeFile = ManifestFile;

/**
 * Builds a tree resource from an object, for tests and for callers that render in memory.
 * The file defaults to the writer's `<env>/<app>/<kind>-<name>.yaml`.
 */
export function treeResource(env: string, app: string, object: KubeObject, file?: string): TreeResource {
  const key = keyOf(env, app, object);
  return { key, object, file: file ?? `${env}/${app}/${key.kind.toLowerCase()}-${key.name}.yaml` };
}

/**
 * Parses YAML files laid out as `<env>/<cluster>/<app>/*.yaml` (or `<env>/<app>/*.yaml`,
 * the one-cluster layout of older commits) into resources; see `placeTreeFiles`.
 *
 * A file may hold several documents; empty documents are skipped. A file in a subfolder
 * of an application (`dev/matih-dev/namespaces/matih-kafka/x.yaml`) belongs to that
 * application (`matih-dev/namespaces`: Argo CD reads its folder recursively), and a file
 * directly in `<env>/` to the app `''`, so that nothing in the tree is silently left out
 * of the comparison. Hand-off files (`<env>/bootstrap/`) are not manifests and are skipped.
 *
 * Documents are read by the shared manifest reader (YAML 1.1 rules, as Argo CD and kubectl
 * decode them): the differ must see the values the cluster will see.
 *
 * @throws Error naming the file (and document) that is not valid YAML, is not a mapping,
 * lacks `kind` or `metadata.name`, or repeats a resource already seen.
 */
export function parseTree(files: readonly TreeFile[], parse: typeof parseManifests = parseManifests): TreeResource[] {
  const resources: TreeResource[] = [];
  const seen = new Map<string, string>();
  const sorted = [...files].sort((a, b) => compareStrings(a.path, b.path));
  const places = placeTreeFiles(sorted.map((f) => f.path));
  for (const file of sorted) {
    const place = places.get(file.path);
    if (!place) continue;
    const { env, app } = place;
    const docs = parse(file.content, file.path);
    docs.forEach((doc) => {
      const where = docs.length > 1 || doc.index > 0 ? `${file.path} (document ${doc.index + 1})` : file.path;
      if (doc.parseErrors) throw new Error(`${where}: not valid YAML: ${doc.parseErrors[0]}`);
      const object = doc.object;
      if (!isMap(object)) throw new Error(`${where}: a Kubernetes resource must be a mapping, got ${Array.isArray(object) ? 'a list' : typeof object}`);
      const resource = treeResource(env, app, object, file.path);
      if (resource.key.kind === '') throw new Error(`${where}: the resource has no "kind"`);
      if (resource.key.name === '') throw new Error(`${where}: the ${resource.key.kind} has no "metadata.name"`);
      const id = keyId(resource.key);
      const previous = seen.get(id);
      if (previous !== undefined) {
        throw new Error(`${where}: ${resource.key.kind} "${resource.key.name}" is already defined in ${previous}`);
      }
      seen.set(id, where);
      resources.push(resource);
    });
  }
  return resources;
}

/** Reads and parses the rendered tree under `root` (a `dist/`-like folder). */
export function loadTree(root: string, parse: typeof parseManifests = parseManifests): TreeResource[] {
  return parseTree(readManifestFiles(root), parse);
}
