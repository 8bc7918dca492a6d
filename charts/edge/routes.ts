/**
 * How a system serves a host: an HTTPRoute in its own namespace, attached to the listener of
 * the cluster's shared Gateway for that host (created with its certificate on first use, and
 * admitting exactly the namespaces that route through it), and on each routed service an
 * ingress policy for the Gateway's proxies on the routed port only.
 */
import { BackendTrafficPolicy } from '../../imports/eg-backendtrafficpolicies-gateway.envoyproxy.io';
import type { IService } from '../../lib/workload/props';
import type { PlatformChart } from '../context';
import { edgeOf } from './edge';
import { GATEWAY_API_GROUP, hostListener } from './model';
import { addHttpRoute } from './route';

/** One route of a host to a service port. */
interface Route {
  readonly path: string;
  readonly service: IService;
  /** @default the service's first port */
  readonly port?: string;
}

/** Options of {@link exposeHost}. */
export interface ExposeOptions {
  /** The HTTPRoute's name (and its BackendTrafficPolicy's). */
  readonly name: string;
  readonly host: string;
  readonly routes: readonly Route[];
  /** The Secret, in the edge namespace, of the host's certificate; one per host, whichever namespace routes it. */
  readonly certificate: string;
  /**
   * How long a request may take, from the end of the request to the end of the response
   * (a BackendTrafficPolicy on this route; it replaces the Gateway's 60 s). @default the Gateway's
   */
  readonly requestTimeout?: string;
}

/** Serves routes of one host from the chart's namespace through the cluster's shared Gateway. */
export function exposeHost(chart: PlatformChart, namespace: string, opts: ExposeOptions): void {
  for (const r of opts.routes) {
    if (r.service.namespace !== namespace) {
      throw new Error(
        `HTTPRoute "${opts.name}" in "${namespace}" cannot route ${r.path} to service "${r.service.name}" in "${r.service.namespace}": the platform routes only to Services of the route's own namespace (no ReferenceGrant)`,
      );
    }
  }
  const gateway = edgeOf(chart.ctx).platform;
  const listener = gateway.listener(hostListener(opts.host), opts.host, opts.certificate, { namespace });
  addHttpRoute(chart, {
    name: opts.name,
    namespace,
    parent: { gateway, listener: listener.name },
    hostnames: [opts.host],
    rules: opts.routes.map((r) => ({ path: r.path, service: r.service.name, port: r.service.port(r.port).port })),
  });
  if (opts.requestTimeout) {
    new BackendTrafficPolicy(chart, `backend-traffic-${namespace}-${opts.name}`, {
      metadata: { name: opts.name, namespace, labels: chart.ctx.labels() },
      spec: { targetRefs: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', name: opts.name }], timeout: { http: { requestTimeout: opts.requestTimeout } } },
    });
  }
  for (const r of opts.routes) r.service.allowIngressFrom(gateway.peer, [r.service.port(r.port).name]);
}
