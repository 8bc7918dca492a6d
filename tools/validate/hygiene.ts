import { hasPrefix } from './glob';
import { asArray, asMap, asString, JsonMap, show } from './json';
import { containersOf, PodTemplate } from './pod-templates';
import { objectId } from './problem';
import { childPath } from './schema-check';

/** A hygiene finding: the rule id and the message. */
export interface HygieneFinding {
  readonly rule: string;
  readonly message: string;
}

const TEMPLATE_MARKERS = ['${', '{{', '}}'];
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_?KEY|CONNECTION_?STRING/i;
/** Names that hold where a secret is, not the secret: `TOKEN_FILE`, `CLIENT_SECRET_PATH`, `OAUTH_TOKEN_URL`. */
const SECRET_NAME_EXEMPT = /_(FILE|PATH|DIR|URL|URI|ENDPOINT)$/i;
const DIGEST = /@sha256:[0-9a-f]{64}$/;

/**
 * Checks an object for things that must never reach `dist/`:
 *
 * - `hygiene/secret-data`: a Secret with `data` or `stringData` (secret values come from
 *   Key Vault through ExternalSecrets);
 * - `hygiene/template`: a key or string holding `${`, `{{` or `}}`, left over from Helm or
 *   env substitution. Prometheus templates in a PrometheusRule's rule `annotations` and
 *   `labels` are Prometheus syntax and allowed there, and so are Kyverno's `{{ }}` variables
 *   (JMESPath) in the rules of a Kyverno ClusterPolicy or Policy.
 */
export function checkObjectHygiene(object: unknown): HygieneFinding[] {
  const out: HygieneFinding[] = [];
  const id = objectId(object);
  const map = asMap(object) ?? {};
  if (id.apiVersion === 'v1' && id.kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      if (map[field] !== undefined) out.push({ rule: 'hygiene/secret-data', message: `${field} is set: a Secret in dist/ must not carry values; use an ExternalSecret` });
    }
  }
  const allowed = id.kind === 'PrometheusRule' && id.apiVersion.startsWith('monitoring.coreos.com/') ? isPrometheusTemplatePath
    : (id.kind === 'ClusterPolicy' || id.kind === 'Policy') && id.apiVersion.startsWith('kyverno.io/') ? isKyvernoRulePath
      : undefined;
  findTemplates(map, [], allowed, out);
  return out;
}

function findTemplates(value: unknown, path: string[], allowed: ((path: readonly string[]) => boolean) | undefined, out: HygieneFinding[]): void {
  if (typeof value === 'string') {
    if (hasTemplateMarker(value) && !allowed?.(path)) {
      out.push({ rule: 'hygiene/template', message: `${renderPath(path)}: ${show(value)} holds a template marker (\${, {{ or }}); dist/ must be plain YAML` });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      path.push(`[${i}]`);
      findTemplates(item, path, allowed, out);
      path.pop();
    });
    return;
  }
  const map = asMap(value);
  if (!map) return;
  for (const key of Object.keys(map)) {
    if (hasTemplateMarker(key)) out.push({ rule: 'hygiene/template', message: `${renderPath(path) || '(root)'}: the key ${show(key)} holds a template marker` });
    path.push(key);
    findTemplates(map[key], path, allowed, out);
    path.pop();
  }
}

/** `spec.rules[i].*`: Kyverno evaluates `{{ }}` there. */
function isKyvernoRulePath(path: readonly string[]): boolean {
  return path.length > 3 && path[0] === 'spec' && path[1] === 'rules';
}

function hasTemplateMarker(s: string): boolean {
  return s.length > 1 && TEMPLATE_MARKERS.some((m) => s.includes(m));
}

/** `spec.groups[i].rules[j].annotations.*` or `.labels.*` */
function isPrometheusTemplatePath(path: readonly string[]): boolean {
  return path.length === 7 && path[0] === 'spec' && path[1] === 'groups' && path[3] === 'rules' && (path[5] === 'annotations' || path[5] === 'labels');
}

function renderPath(path: readonly string[]): string {
  let out = '';
  for (const part of path) out = part.startsWith('[') ? out + part : childPath(out, part);
  return out;
}

/** Options of the pod template hygiene checks. */
export interface ImagePolicy {
  /** Image prefixes that are allowed (`matihlabsacr.azurecr.io/matih`); empty allows all. */
  readonly allowedRegistries: readonly string[];
}

/**
 * Checks the containers of a pod template:
 *
 * - `hygiene/secret-env`: an env var whose name looks secret (`PASSWORD`, `SECRET`,
 *   `TOKEN`, `API_KEY`, `CONNECTION_STRING`, any case) has a literal `value` instead of
 *   `valueFrom`; names ending in `_FILE`, `_PATH`, `_DIR`, `_URL`, `_URI` or `_ENDPOINT`
 *   say where a secret is, not what it is, and are allowed;
 * - `hygiene/image-tag`: an image without a tag or digest, or tagged `latest`;
 * - `hygiene/image-registry`: an image outside the allowed registries;
 * - `hygiene/resources`: a container or init container without a CPU request, a memory
 *   request or a memory limit (ephemeral containers cannot have resources).
 */
export function checkPodHygiene(template: PodTemplate, policy: ImagePolicy): HygieneFinding[] {
  const out: HygieneFinding[] = [];
  for (const ref of containersOf(template)) {
    const who = `(container "${ref.name}")`;
    asArray(ref.container.env).forEach((raw, i) => {
      const env = asMap(raw) ?? {};
      const name = asString(env.name) ?? '';
      if (env.value !== undefined && SECRET_NAME.test(name) && !SECRET_NAME_EXEMPT.test(name)) {
        out.push({ rule: 'hygiene/secret-env', message: `${ref.path}.env[${i}] ${name} looks secret but has a literal value; use valueFrom.secretKeyRef ${who}` });
      }
    });
    const image = asString(ref.container.image);
    if (image !== undefined) out.push(...checkImage(image, `${ref.path}.image`, who, policy));
    if (ref.list !== 'ephemeralContainers') out.push(...checkResources(ref.container, ref.path, who));
  }
  return out;
}

function checkImage(image: string, at: string, who: string, policy: ImagePolicy): HygieneFinding[] {
  const out: HygieneFinding[] = [];
  const tag = imageTag(image);
  if (!DIGEST.test(image)) {
    if (tag === undefined) out.push({ rule: 'hygiene/image-tag', message: `${at} "${image}" has no tag or digest ${who}` });
    else if (tag === 'latest') out.push({ rule: 'hygiene/image-tag', message: `${at} "${image}" uses the tag latest; pin a version or a digest ${who}` });
  }
  if (policy.allowedRegistries.length && !policy.allowedRegistries.some((p) => hasPrefix(image, p))) {
    out.push({ rule: 'hygiene/image-registry', message: `${at} "${image}" is not from an allowed registry (${policy.allowedRegistries.join(', ')}) ${who}` });
  }
  return out;
}

/** The tag of an image reference (`repo/name:tag@digest` → `tag`); a registry port is not a tag. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon < 0 ? undefined : withoutDigest.slice(colon + 1);
}

function checkResources(container: JsonMap, at: string, who: string): HygieneFinding[] {
  const resources = asMap(container.resources) ?? {};
  const requests = asMap(resources.requests) ?? {};
  const limits = asMap(resources.limits) ?? {};
  const missing: string[] = [];
  if (requests.cpu === undefined) missing.push('requests.cpu');
  if (requests.memory === undefined) missing.push('requests.memory');
  if (limits.memory === undefined) missing.push('limits.memory');
  return missing.length ? [{ rule: 'hygiene/resources', message: `${at}.resources: missing ${missing.join(', ')} ${who}` }] : [];
}
