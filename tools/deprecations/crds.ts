/**
 * What the vendored CustomResourceDefinitions say about their versions: served, stored,
 * deprecated. The pinned operators' own state is read from here at run time, never typed
 * twice (see table.ts).
 */
import * as path from 'path';
import { parseManifests, readManifestFiles, type ManifestDocument } from '../manifests/load';
import { REPO_ROOT } from '../repo';

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
    const o = doc.object as any;
    if (o?.kind !== 'CustomResourceDefinition' || typeof o.spec?.group !== 'string' || typeof o.spec?.names?.kind !== 'string') continue;
    for (const v of Array.isArray(o.spec.versions) ? o.spec.versions : []) {
      if (typeof v?.name !== 'string') continue;
      out.push({
        group: o.spec.group, kind: o.spec.names.kind, version: v.name,
        served: v.served === true, storage: v.storage === true, deprecated: v.deprecated === true,
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
  vendored ??= readCrdVersions(VENDORED_CRDS);
  return vendored;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
