/**
 * HTTPRoutes as the platform writes them: attached to one listener of one Gateway, every
 * path a prefix match to one Service port, every HTTPS response with HSTS; or, on a
 * Gateway's HTTP listener, a permanent redirect to HTTPS.
 */
import {
  HttpRoute,
  type HttpRouteSpecRules,
  HttpRouteSpecRulesFiltersRequestRedirectScheme as Scheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode as Status,
  HttpRouteSpecRulesFiltersType as FilterType,
  HttpRouteSpecRulesMatchesPathType as PathType,
} from '../../imports/gwapi-httproutes-gateway.networking.k8s.io';
import type { PlatformChart } from '../context';
import { GATEWAY_API_GROUP, HSTS } from './model';

/** A Gateway as a route's parent. */
interface RouteParent {
  readonly gateway: { readonly namespace: string; readonly name: string };
  /** The listener (section) the route attaches to. */
  readonly listener: string;
}

/** One rule: a path prefix to a Service port of the route's namespace, or the redirect to HTTPS. */
type RouteRule = { readonly path: string; readonly service: string; readonly port: number } | { readonly redirectToHttps: true };

/** Props of {@link addHttpRoute}. */
export interface HttpRouteProps {
  readonly name: string;
  readonly namespace: string;
  readonly parent: RouteParent;
  /** @default every host the listener accepts */
  readonly hostnames?: readonly string[];
  readonly rules: readonly RouteRule[];
}

/** Renders an HTTPRoute; backend rules are sorted by path, so the output does not depend on declaration order. */
export function addHttpRoute(chart: PlatformChart, props: HttpRouteProps): HttpRoute {
  const { gateway, listener } = props.parent;
  const rules = [...props.rules].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).map(toRule);
  return new HttpRoute(chart, `httproute-${props.namespace}-${props.name}`, {
    metadata: { name: props.name, namespace: props.namespace, labels: chart.ctx.labels() },
    spec: {
      parentRefs: [
        {
          group: GATEWAY_API_GROUP,
          kind: 'Gateway',
          name: gateway.name,
          sectionName: listener,
          ...(gateway.namespace === props.namespace ? {} : { namespace: gateway.namespace }),
        },
      ],
      hostnames: props.hostnames && [...props.hostnames],
      rules,
    },
  });
}

function key(rule: RouteRule): string {
  return 'path' in rule ? rule.path : '';
}

function toRule(rule: RouteRule): HttpRouteSpecRules {
  if ('redirectToHttps' in rule) {
    // 301 (the standard channel of v1.2.1 offers 301 and 302); the path and query are kept
    return { filters: [{ type: FilterType.REQUEST_REDIRECT, requestRedirect: { scheme: Scheme.HTTPS, statusCode: Status.VALUE_301 } }] };
  }
  return {
    matches: [{ path: { type: PathType.PATH_PREFIX, value: rule.path } }],
    filters: [{ type: FilterType.RESPONSE_HEADER_MODIFIER, responseHeaderModifier: { set: [{ name: 'Strict-Transport-Security', value: HSTS }] } }],
    backendRefs: [{ group: '', kind: 'Service', name: rule.service, port: rule.port }],
  };
}
