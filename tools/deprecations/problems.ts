/**
 * Deprecation findings as validator problems: `npm run validate` fails on an object whose
 * API version the cluster's own Kubernetes version (or the pinned operator) no longer serves,
 * because it would not apply today. What goes away later is `npm run deprecations`' business.
 */
import type { ManifestDocument } from '../manifests/load';
import type { Problem } from '../validate/problem';
import { removedInCurrent } from './check';
import type { CrdVersion } from './crds';

/** One `deprecations/removed` problem per object `version` does not serve. */
export function removedApiProblems(objects: readonly ManifestDocument[], version: string, crds: readonly CrdVersion[]): Problem[] {
  return removedInCurrent(objects, version, { crds }).map((f) => ({
    file: f.file,
    kind: f.kind,
    namespace: f.namespace,
    name: f.name,
    rule: 'deprecations/removed',
    message: `${f.apiVersion} is not served ${f.project === 'kubernetes' ? `by Kubernetes ${version}${f.removedIn ? ` (removed in ${f.removedIn})` : ''}` : `by the pinned ${f.project}`}: use ${f.replacement} (${f.source})`,
  }));
}
