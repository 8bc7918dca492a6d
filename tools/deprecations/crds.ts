/**
 * What the vendored CustomResourceDefinitions say about their versions: served, stored,
 * deprecated. The pinned operators' own state is read from here at run time, never typed
 * twice (see table.ts).
 */
import * as path from 'path';
import { cachedParse } from '../manifests/cache';
import { parseManifests, readManifestFiles, type ManifestDocument } from '../manifests/load';
import { REPO_ROOT } from '../repo';
import { asArray, asMap, dig } from '../validate/json';

/** One version of one CRD. */
export interface CrdVersion {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated: boolean;
  /** The CRD's `deprecationWarning`, when it has one. */
  readonly deprecationWarning?: string;
  /** The CRD file. */
  readonly file: string;
}

/** The vendored CRDs. */
export const VENDORED_CRDS = path.join(REPO_ROOT, 'imports', 'crds');

/**
 * Every version of every CustomResourceDefinition under `dir` (recursively), sorted by
 * group, kind and file order. The CRDs are megabytes: a command parses them through its
 * manifest cache (`cachedParse`).
 */
export function readCrdVersions(dir: string = VENDORED_CRDS, parse: (text: string, file: string) => ManifestDocument[] = parseManifests): CrdVersion[] {
  const out: CrdVersion[] = [];
  for (const doc of readManifestFiles(dir).flatMap((f) => parse(f.content, path.join(dir, f.path)))) {
    const o = asMap(doc.object);
    const spec = asMap(o?.spec);
    const group = spec?.group;
    const kind = dig(spec, 'names', 'kind');
    if (o?.kind !== 'CustomResourceDefinition' || !spec || typeof group !== 'string' || typeof kind !== 'string') continue;
    for (const item of asArray(spec.versions)) {
      const v = asMap(item);
      if (typeof v?.name !== 'string') continue;
      out.push({
        group,
        kind,
        version: v.name,
        served: v.served === true,
        storage: v.storage === true,
        deprecated: v.deprecated === true,
        ...(typeof v.deprecationWarning === 'string' ? { deprecationWarning: v.deprecationWarning } : {}),
        file: doc.file,
      });
    }
  }
  return out.sort((a, b) => cmp(a.group, b.group) || cmp(a.kind, b.kind));
}

let vendored: CrdVersion[] | undefined;

/** The versions of the vendored CRDs, read once per process. */
export function vendoredCrdVersions(): CrdVersion[] {
  vendored ??= readCrdVersions(VENDORED_CRDS, cachedParse(parseManifests));
  return vendored;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
