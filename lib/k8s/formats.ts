/**
 * The Kubernetes formats, in one place: config checking, constructs and the validator all
 * use these, so a value is judged the same way wherever it is met. Each follows the API
 * server's own rule (k8s.io/apimachinery), linked beside it.
 */
import ipaddr from 'ipaddr.js';

/**
 * A resource quantity: `250m`, `2`, `1.5`, `512Mi`, `2Pi`, `1e3`, `500u`.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go (ParseQuantity)
 */
export const QUANTITY = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

/** True for a Kubernetes resource quantity. */
export function isQuantity(s: string): boolean {
  return QUANTITY.test(s);
}

const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The value of a quantity as a number (cores for CPU, bytes for memory). @throws for a malformed quantity */
export function quantityValue(q: string): number {
  if (!isQuantity(q)) throw new Error(`"${q}" is not a Kubernetes quantity (e.g. 250m, 2, 512Mi, 4Gi)`);
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(q)!;
  const number = Number(m[1]);
  const suffix = m[2];
  if (suffix in BINARY) return number * BINARY[suffix];
  if (suffix in DECIMAL) return number * DECIMAL[suffix];
  return number * 10 ** Number(suffix.slice(1));
}

/** RFC 1123 label: Namespace names, label name parts. */
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label: Service names (they become DNS names and must start with a letter). */
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * An RFC 1123 DNS label: at most 63 lower-case letters, digits and `-`, starting and ending
 * with a letter or digit (Namespace names).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-label-names
 */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** An RFC 1035 DNS label: a DNS label that starts with a letter (Service names). */
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** An RFC 1123 DNS subdomain: at most 253 characters of dot-separated DNS labels (most object names). */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && s.split('.').every((part) => DNS1123_LABEL.test(part));
}

/** A lower-case host name of at least two labels, the last one letters only: `api.matih.ai`. */
export function isHostName(s: string): boolean {
  const parts = s.split('.');
  return s.length <= 253 && parts.length >= 2 && parts.every((p) => p.length <= 63 && DNS1123_LABEL.test(p)) && /^[a-z]{2,63}$/.test(parts[parts.length - 1]);
}

/**
 * An IANA service name (a container or Service port name): at most 15 lower-case letters,
 * digits and `-`, with a letter, no `--`, not starting or ending with `-`.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go (IsValidPortName)
 */
export function isPortName(s: string): boolean {
  return s.length >= 1 && s.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) && /[a-z]/.test(s) && !s.includes('--');
}

/** A TCP or UDP port number. */
export function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** A C identifier, the env var names this repository declares (`QUERY_ENGINE_URL`). */
export function isEnvVarName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * A label or annotation key: an optional DNS-subdomain prefix and `/`, then a name of at most
 * 63 characters of letters, digits, `-`, `_` and `.`, starting and ending alphanumeric.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export function isQualifiedName(s: string): boolean {
  const slash = s.indexOf('/');
  const name = slash < 0 ? s : s.slice(slash + 1);
  if (slash >= 0 && (slash === 0 || !isDnsSubdomain(s.slice(0, slash)))) return false;
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

/** A label value: empty, or at most 63 letters, digits, `-`, `_` and `.`, starting and ending alphanumeric. */
export function isLabelValue(s: string): boolean {
  return s === '' || (s.length <= 63 && QUALIFIED_NAME_PART.test(s));
}

/**
 * A CIDR as the API server accepts it for a NetworkPolicy ipBlock (Go's net.ParseCIDR): an
 * IPv4 address in four decimal parts without leading zeros and a prefix of 0-32, or an IPv6
 * address and a prefix of 0-128.
 */
export function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const address = s.slice(0, slash);
  const prefix = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefix)) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) {
    return address.split('.').every((o) => /^(0|[1-9][0-9]{0,2})$/.test(o) && Number(o) <= 255) && Number(prefix) <= 32;
  }
  return address.includes(':') && ipaddr.IPv6.isValid(address) && Number(prefix) <= 128;
}

/** True when the CIDR `inner` lies entirely within `outer` (same family). */
export function cidrContains(outer: string, inner: string): boolean {
  const [oa, op] = ipaddr.parseCIDR(outer);
  const [ia, ip] = ipaddr.parseCIDR(inner);
  return oa.kind() === ia.kind() && ip >= op && ia.match([oa, op] as never);
}

/** An IPv4 address in four decimal parts. */
export function isIpv4Address(s: string): boolean {
  return isCidr(`${s}/32`) && !s.includes(':');
}

/** A container image reference split into its parts. */
export interface ImageReference {
  /** The registry host (with port), or undefined for Docker Hub. */
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE = new RegExp(
  `^(?:(?<registry>(?:localhost|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::[0-9]+)?)/)?` +
    `(?<repository>${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$`,
);

/**
 * Parses an image reference by the distribution grammar: `registry/path:tag@sha256:...`.
 * The first component is a registry only when it holds a `.` or `:` or is `localhost`.
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */
export function parseImageReference(s: string): ImageReference | undefined {
  const m = IMAGE.exec(s);
  if (!m?.groups) return undefined;
  let registry: string | undefined = m.groups.registry;
  let repository = m.groups.repository;
  if (registry !== undefined && registry !== 'localhost' && !/[.:]/.test(registry)) {
    repository = `${registry}/${repository}`;
    registry = undefined;
    if (!new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`).test(repository)) return undefined;
  }
  return { registry, repository, tag: m.groups.tag, digest: m.groups.digest };
}

/** An image reference pinned to a digest, or to a tag other than `latest`. */
export function isPinnedImage(s: string): boolean {
  const ref = parseImageReference(s);
  return ref !== undefined && (ref.digest !== undefined || (ref.tag !== undefined && ref.tag !== 'latest'));
}

/** A tag or digest that pins an image: a tag other than `latest`, or `sha256:` and 64 hex digits. */
export function isPinnedTag(tag: string): boolean {
  return /^sha256:[a-f0-9]{64}$/.test(tag) || (/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag) && tag !== 'latest');
}

/** A label selector requirement (`matchExpressions` item). */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** A label selector (`metav1.LabelSelector`). An empty selector selects everything. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly SelectorRequirement[];
}

/** What is wrong with a label selector, by the API server's rules; empty when it is valid. */
export function labelSelectorProblems(selector: LabelSelector): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (!isQualifiedName(k)) out.push(`matchLabels key "${k}" is not a valid label key`);
    if (typeof v !== 'string' || !isLabelValue(v)) out.push(`matchLabels value ${JSON.stringify(v)} of "${k}" is not a valid label value`);
  }
  for (const e of selector.matchExpressions ?? []) {
    if (!isQualifiedName(e.key)) out.push(`matchExpressions key "${e.key}" is not a valid label key`);
    const values = e.values ?? [];
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) out.push(`matchExpressions "${e.key}" ${e.operator} needs at least one value`);
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length > 0) out.push(`matchExpressions "${e.key}" ${e.operator} takes no values`);
    } else {
      out.push(`matchExpressions operator "${e.operator}" must be In, NotIn, Exists or DoesNotExist`);
    }
    for (const v of values) if (!isLabelValue(v)) out.push(`matchExpressions value ${JSON.stringify(v)} of "${e.key}" is not a valid label value`);
  }
  return out;
}

/** True when `selector` selects an object with `labels`; an empty selector selects everything. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    const ok =
      e.operator === 'In' ? inValues : e.operator === 'NotIn' ? !inValues : e.operator === 'Exists' ? has : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}
