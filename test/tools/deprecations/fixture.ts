/** Hand-written CRDs and objects for the deprecation tests. */
import { parseManifests, type ManifestDocument } from '../../../tools/manifests/load';

/** One version of a CRD fixture: `served`, `storage`, `deprecated` flags and a warning. */
export interface FixtureVersion {
  readonly name: string;
  readonly served?: boolean;
  readonly storage?: boolean;
  readonly deprecated?: boolean;
  readonly warning?: string;
}

/** A CustomResourceDefinition with just the fields the deprecation check reads. */
export function crd(group: string, kind: string, versions: readonly FixtureVersion[]): string {
  const plural = `${kind.toLowerCase()}s`;
  const vs = versions
    .map(
      (v) => `    - name: ${v.name}
      served: ${v.served ?? true}
      storage: ${v.storage ?? false}
${v.deprecated ? `      deprecated: true\n` : ''}${v.warning ? `      deprecationWarning: "${v.warning}"\n` : ''}      schema:
        openAPIV3Schema:
          type: object
`,
    )
    .join('');
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  names:
    kind: ${kind}
    plural: ${plural}
  scope: Namespaced
  versions:
${vs}`;
}

/** The fixture CRDs: Strimzi-like, ESO-like and cert-manager-like, small. */
export const FIXTURE_CRDS: Record<string, string> = {
  'strimzi/kafka.yaml': crd('kafka.strimzi.io', 'Kafka', [
    { name: 'v1' },
    { name: 'v1beta2', storage: true, deprecated: true, warning: 'Version v1beta2 of the Kafka API is deprecated.' },
    { name: 'v1alpha1', served: false },
  ]),
  'external-secrets/externalsecrets.yaml': crd('external-secrets.io', 'ExternalSecret', [
    { name: 'v1alpha1', deprecated: true },
    { name: 'v1beta1', storage: true },
  ]),
  'cert-manager/certificates.yaml': crd('cert-manager.io', 'Certificate', [{ name: 'v1', storage: true }]),
};

/** Parses hand-written YAML documents as the manifest reader would, under a file name. */
export function docs(yaml: string, file = 'dev/app/objects.yaml'): ManifestDocument[] {
  return parseManifests(yaml, file);
}

/** One object as YAML. */
export function obj(apiVersion: string, kind: string, name: string, namespace = 'apps'): string {
  return `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
}
