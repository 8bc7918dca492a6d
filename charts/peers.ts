/**
 * Pods and addresses the platform talks to that this repository does not render itself
 * (CoreDNS, the edge's controller and proxies, Prometheus, the AKS API server, Azure's public
 * endpoints), as network peers of one cluster.
 */
import type { CidrPeer, NetworkPeer } from '../lib/network/network-policy';
import type { ClusterContext } from './context';

/** CoreDNS, which every namespace may query. */
export function dnsPeer(ctx: ClusterContext): NetworkPeer {
  return { name: 'kube-dns', ...ctx.platform.clusterDns };
}

/** The Envoy Gateway controller (gateway-helm chart, release `envoy-gateway`, in the edge namespace): its chart's selector labels. */
export function edgeControllerPeer(ctx: ClusterContext): NetworkPeer {
  return {
    name: 'envoy-gateway',
    namespace: ctx.platform.namespaces.ingress,
    podLabels: { 'app.kubernetes.io/instance': 'envoy-gateway', 'app.kubernetes.io/name': 'gateway-helm', 'control-plane': 'envoy-gateway' },
  };
}

/** The labels Envoy Gateway v1.3 puts on every Envoy proxy pod it runs, whatever the Gateway. */
export const EDGE_PROXY_LABELS = {
  'app.kubernetes.io/component': 'proxy',
  'app.kubernetes.io/managed-by': 'envoy-gateway',
  'app.kubernetes.io/name': 'envoy',
} as const;

/**
 * The Envoy proxies of one Gateway. Envoy Gateway v1.3 runs them in its own namespace (the
 * edge namespace), whatever the Gateway's, and labels them with the Gateway that owns them.
 * `name` names the flows in policy names (`allow-iam-service-from-edge`).
 */
export function edgeProxyPeer(ctx: ClusterContext, gateway: { readonly namespace: string; readonly name: string }, name: string): NetworkPeer {
  return {
    name,
    namespace: ctx.platform.namespaces.ingress,
    podLabels: {
      'app.kubernetes.io/name': EDGE_PROXY_LABELS['app.kubernetes.io/name'],
      'gateway.envoyproxy.io/owning-gateway-name': gateway.name,
      'gateway.envoyproxy.io/owning-gateway-namespace': gateway.namespace,
    },
  };
}

/** Prometheus pods of kube-prometheus-stack (the operator labels them `app.kubernetes.io/name: prometheus`). */
export function prometheusPeer(ctx: ClusterContext): NetworkPeer {
  return { name: 'prometheus', namespace: ctx.platform.namespaces.monitoring, podLabels: { 'app.kubernetes.io/name': 'prometheus' } };
}

/** The cluster's own ranges: its VNet (nodes and, with Azure CNI, pods) and its Service range. */
export function clusterCidrs(ctx: ClusterContext): string[] {
  return [ctx.terraform.vnetCidr, ctx.cluster.settings.network.serviceCidr];
}

/**
 * Azure's public endpoints (Entra ID for the Workload Identity token exchange, ARM, Key
 * Vault, Azure OpenAI, ACME) have no address ranges a NetworkPolicy can name, and Calico open
 * source has no FQDN rules: so HTTPS egress is opened to any address outside the cluster's
 * own ranges, on 443 only, and only for the pods that declare it, each by a policy of its own
 * that says why (`reason`, recorded as `matih.ai/internet-egress-reason`).
 */
export function internetPeer(ctx: ClusterContext, name: string, reason: string): CidrPeer {
  return { name, cidr: '0.0.0.0/0', except: clusterCidrs(ctx), reason };
}

/**
 * The AKS API server, at the one address Terraform says it answers on (the `kubernetes`
 * Service's endpoint: with API Server VNet Integration a private address inside the VNet).
 * Never an `except` of another peer: a policy allows exactly this /32, on its own.
 */
export function apiServerPeer(ctx: ClusterContext): CidrPeer {
  return { name: 'kube-apiserver', cidr: `${ctx.terraform.apiServerIp}/32` };
}

export const HTTPS = [{ port: 443 }] as const;
