/**
 * Pods and addresses the platform talks to that this repository does not render itself
 * (CoreDNS, the Helm-installed edge and Prometheus, the AKS API server, Azure's public
 * endpoints), as network peers of one cluster.
 */
import type { CidrPeer, NetworkPeer } from '../lib/network/network-policy';
import type { ClusterContext } from './context';

/** CoreDNS, which every namespace may query. */
export function dnsPeer(ctx: ClusterContext): NetworkPeer {
  return { name: 'kube-dns', ...ctx.platform.clusterDns };
}

/** The platform ingress controller (ingress-nginx chart, release `ingress-nginx`). */
export function ingressControllerPeer(ctx: ClusterContext): NetworkPeer {
  return {
    name: 'ingress-nginx',
    namespace: ctx.platform.namespaces.ingress,
    podLabels: {
      'app.kubernetes.io/component': 'controller',
      'app.kubernetes.io/instance': 'ingress-nginx',
      'app.kubernetes.io/name': 'ingress-nginx',
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
