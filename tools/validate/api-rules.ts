import { asArray, asMap, asString } from './json';
import { parseLabelSelector, selectorMatches } from './label-selector';
import { containersOf, type PodTemplate, specPath } from './pod-templates';
import { objectId } from './problem';

/** A rule the API server enforces beyond the OpenAPI schema. */
export interface ApiFinding {
  readonly rule: string;
  readonly message: string;
}

// https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go (IsValidPortName)
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const SELECTOR_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/**
 * Checks a pod template the way the API server's validation does, beyond the schema,
 * for mistakes that make `kubectl apply` (and so Argo CD) fail:
 *
 * - `schema/selector`: a workload's `spec.selector` does not match its template's labels;
 * - `schema/pod`: two containers with the same name, a container port name that is not
 *   an IANA service name (at most 15 lower-case letters, digits and `-`, with a letter,
 *   no `--`), a port name used twice in a container, or a volume mount naming a volume
 *   the pod does not declare (a StatefulSet's `volumeClaimTemplates` count as declared).
 */
export function checkApiRules(template: PodTemplate): ApiFinding[] {
  const out: ApiFinding[] = [];
  const id = objectId(template.owner.object);
  if (SELECTOR_KINDS.has(id.kind) && id.apiVersion === 'apps/v1') {
    const selector = parseLabelSelector(asMap(asMap(template.owner.object)?.spec)?.selector);
    if (!selectorMatches(selector, template.labels)) {
      out.push({ rule: 'schema/selector', message: `spec.selector does not match ${template.path}.metadata.labels` });
    }
  }
  const base = specPath(template);
  const volumes = new Set(asArray(template.spec.volumes).map((v) => asString(asMap(v)?.name) ?? ''));
  // a StatefulSet's volumeClaimTemplates become volumes of its pods
  for (const claim of asArray(asMap(asMap(template.owner.object)?.spec)?.volumeClaimTemplates)) {
    volumes.add(asString(asMap(asMap(claim)?.metadata)?.name) ?? '');
  }
  const names = new Set<string>();
  for (const ref of containersOf(template)) {
    if (names.has(ref.name)) out.push({ rule: 'schema/pod', message: `${ref.path}.name "${ref.name}" is used by another container` });
    names.add(ref.name);
    const portNames = new Set<string>();
    asArray(ref.container.ports).forEach((raw, i) => {
      const name = asString(asMap(raw)?.name);
      if (name === undefined) return;
      if (name.length > 15 || !IANA_SVC_NAME.test(name) || !/[a-z]/.test(name) || name.includes('--')) {
        out.push({
          rule: 'schema/pod',
          message: `${ref.path}.ports[${i}].name "${name}" must be an IANA service name (at most 15 lower-case letters, digits and "-", with a letter)`,
        });
      }
      if (portNames.has(name)) out.push({ rule: 'schema/pod', message: `${ref.path}.ports[${i}].name "${name}" is used twice in container "${ref.name}"` });
      portNames.add(name);
    });
    asArray(ref.container.volumeMounts).forEach((raw, i) => {
      const name = asString(asMap(raw)?.name) ?? '';
      if (!volumes.has(name))
        out.push({ rule: 'schema/pod', message: `${ref.path}.volumeMounts[${i}] names volume "${name}", which ${base}.volumes does not declare` });
    });
  }
  return out;
}
