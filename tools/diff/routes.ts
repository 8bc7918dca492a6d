/**
 * What the edge serves, read from the objects that say it (Gateway API HTTPRoutes,
 * GRPCRoutes and Gateways, and Ingresses), as lines a reviewer compares: the hostnames and
 * the routes (`host/path → namespace/service:port via gateway listener name`) a resource adds or
 * takes away, whatever fields changed to do it.
 */
import { apiGroup, compareStrings, type KubeObject } from './resource-key';
import { asArray, mapOrEmpty } from '../validate/json';

const GATEWAY_API = 'gateway.networking.k8s.io';

/** The hostnames and routes one object declares. */
interface RouteView {
  readonly hostnames: readonly string[];
  readonly routes: readonly string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): string | undefined => (typeof v === 'number' ? String(v) : undefined);

/** The route view of an object, or undefined for a kind that routes nothing. */
function routeView(object: KubeObject | undefined): RouteView | undefined {
  if (!object) return undefined;
  const group = apiGroup(object.apiVersion);
  const kind = str(object.kind);
  const namespace = str(mapOrEmpty(object.metadata).namespace) ?? '';
  const spec = mapOrEmpty(object.spec);
  if (group === GATEWAY_API && (kind === 'HTTPRoute' || kind === 'GRPCRoute')) return gatewayRoute(kind, spec, namespace);
  if (group === GATEWAY_API && kind === 'Gateway') {
    const listeners = asArray(spec.listeners).map(mapOrEmpty);
    return {
      hostnames: sorted(listeners.map((l) => str(l.hostname) ?? '*')),
      routes: sorted(listeners.map((l) => `listener ${str(l.name) ?? ''}: ${str(l.protocol) ?? ''} ${String(l.port)} ${str(l.hostname) ?? '*'}`)),
    };
  }
  if ((group === 'networking.k8s.io' || group === 'extensions') && kind === 'Ingress') {
    const rules = asArray(spec.rules).map(mapOrEmpty);
    const routes = rules.flatMap((rule) =>
      asArray(mapOrEmpty(rule.http).paths)
        .map(mapOrEmpty)
        .map((p) => {
          const service = mapOrEmpty(mapOrEmpty(p.backend).service);
          const port = mapOrEmpty(service.port);
          return `${str(rule.host) ?? '*'}${str(p.path) ?? '/'} → ${namespace}/${str(service.name) ?? '?'}:${num(port.number) ?? str(port.name) ?? '?'}`;
        }),
    );
    return { hostnames: sorted(rules.map((r) => str(r.host) ?? '*')), routes: sorted(routes) };
  }
  return undefined;
}

function gatewayRoute(kind: string, spec: Record<string, unknown>, namespace: string): RouteView {
  const hostnames = asArray(spec.hostnames).map((h) => String(h));
  const hosts = hostnames.length ? hostnames : ['*'];
  const parents = asArray(spec.parentRefs)
    .map(mapOrEmpty)
    .map((p) => `${str(p.namespace) ?? namespace}/${str(p.name) ?? ''}${str(p.sectionName) === undefined ? '' : ` listener ${str(p.sectionName)}`}`);
  const routes: string[] = [];
  for (const rule of asArray(spec.rules).map(mapOrEmpty)) {
    const matches = asArray(rule.matches).map(mapOrEmpty);
    const paths = kind === 'HTTPRoute' && matches.length ? matches.map((m) => str(mapOrEmpty(m.path).value) ?? '/') : [kind === 'HTTPRoute' ? '/' : ''];
    const redirect = asArray(rule.filters)
      .map(mapOrEmpty)
      .find((f) => f.type === 'RequestRedirect');
    const target = redirect
      ? `redirect to ${str(mapOrEmpty(redirect.requestRedirect).scheme) ?? 'the same scheme'}`
      : asArray(rule.backendRefs)
          .map(mapOrEmpty)
          .map((b) => `${str(b.namespace) ?? namespace}/${str(b.name) ?? '?'}:${num(b.port) ?? '?'}`)
          .sort(compareStrings)
          .join(', ') || 'no backend';
    for (const host of hosts) for (const path of paths) for (const parent of parents) routes.push(`${host}${path} → ${target} via ${parent}`);
  }
  return { hostnames: sorted(hostnames), routes: sorted(routes) };
}

function sorted(items: readonly string[]): string[] {
  return [...new Set(items)].sort(compareStrings);
}

/**
 * The lines that show what a resource changes in what the edge serves: `hostname + x`,
 * `route - y`; empty when it routes nothing or routes the same. For an added resource give
 * no old object, for a removed one no new object.
 */
export function routeChangeLines(oldObject: KubeObject | undefined, newObject: KubeObject | undefined): string[] {
  const before = routeView(oldObject);
  const after = routeView(newObject);
  if (!before && !after) return [];
  const lines: string[] = [];
  const delta = (label: string, a: readonly string[], b: readonly string[]) => {
    for (const x of a) if (!b.includes(x)) lines.push(`${label} - ${x}`);
    for (const x of b) if (!a.includes(x)) lines.push(`${label} + ${x}`);
  };
  delta('hostname', before?.hostnames ?? [], after?.hostnames ?? []);
  delta('route', before?.routes ?? [], after?.routes ?? []);
  return lines;
}
