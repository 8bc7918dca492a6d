/**
 * The edge's vocabulary (docs/edge.md): Gateway API v1.2.1 served by Envoy Gateway v1.3.3.
 * Which clusters have an edge, the names every part of it shares, and the facts of Envoy
 * Gateway v1.3.3 the NetworkPolicies and quotas are derived from.
 */
import type { ClusterContext } from '../context';

/** The GatewayClass of every Gateway of the platform. */
export const GATEWAY_CLASS = 'envoy-gateway';
/** The controller name Envoy Gateway v1.3.3 claims GatewayClasses by (`config.envoyGateway.gateway.controllerName` of the chart). */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';
/** The shared Gateway of a cluster, in the edge namespace. */
export const PLATFORM_GATEWAY = 'platform';
/** The EnvoyProxy the GatewayClass points at: the proxies of the shared Gateway. */
export const PLATFORM_PROXY = 'platform';
/** The platform Gateway's proxies as a network peer name: `allow-iam-service-from-edge`. */
export const PLATFORM_EDGE_PEER = 'edge';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const ENVOY_GATEWAY_GROUP = 'gateway.envoyproxy.io';

/** The listener every Gateway has on port 80: it only redirects to HTTPS. */
export const HTTP_LISTENER = 'http';
/** The listener of the shared Gateway for every tenant that has no entry of its own (`*.<tenantDomain>`). */
export const TENANTS_LISTENER = 'tenants';

/** Envoy's metrics and readiness port on every proxy pod (`/stats/prometheus`, `/ready`), named `metrics`. */
export const ENVOY_METRICS_PORT = 19001;

/** HSTS on every HTTPS response: a year, subdomains included (the platform serves nothing over plain HTTP). */
export const HSTS = 'max-age=31536000; includeSubDomains';

/** True when the cluster serves hosts to the internet: MATIH (the API host, the tenants) or the AI platform. */
export function hasEdge(ctx: ClusterContext): boolean {
  return ctx.runs('matih') || ctx.runs('ai-platform');
}

/**
 * The port an Envoy proxy listens on for a Gateway listener port: Envoy Gateway v1.3.3 adds
 * 10000 to a privileged port so that Envoy binds it without NET_BIND_SERVICE
 * (`internal/gatewayapi/listener.go`, "wellKnownPortShift"), and leaves other ports alone.
 */
export function proxyContainerPort(listenerPort: number): number {
  return listenerPort < 1024 ? listenerPort + 10000 : listenerPort;
}

/** A listener's name for a host: the host itself, which is a valid section name and says what it serves. */
export function hostListener(host: string): string {
  return host;
}
