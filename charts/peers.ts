/**
 * Pods the platform talks to that this repository does not render itself (CoreDNS,
 * the Helm-installed ingress controller and Prometheus), as network peers. The Helm
 * values in the Argo CD chart set the labels these selectors rely on.
 */
import type { PlatformConfig } from '../config';
import type { CidrPeer, NetworkPeer } from '../lib/network-policy';

/** The platform NGINX ingress controller (ingress-nginx chart, release `ingress-nginx`). */
export function ingressControllerPeer(cfg: PlatformConfig): NetworkPeer {
  return {
    name: 'ingress-nginx',
    namespace: cfg.namespaces.ingress,
    podLabels: {
      'app.kubernetes.io/component': 'controller',
      'app.kubernetes.io/instance': 'ingress-nginx',
      'app.kubernetes.io/name': 'ingress-nginx',
    },
  };
}

/** Prometheus pods of kube-prometheus-stack (the operator labels them `app.kubernetes.io/name: prometheus`). */
export function prometheusPeer(cfg: PlatformConfig): NetworkPeer {
  return { name: 'prometheus', namespace: cfg.namespaces.monitoring, podLabels: { 'app.kubernetes.io/name': 'prometheus' } };
}

/**
 * Azure public endpoints (Entra ID for Workload Identity token exchange, ARM, Azure
 * OpenAI) have no address ranges a NetworkPolicy can name, and Calico open source has no
 * FQDN rules; so HTTPS egress is opened to any address outside the cluster's own ranges,
 * on 443 only, and only for the services that declare it.
 */
export function azurePeer(cfg: PlatformConfig, name: string): CidrPeer {
  return { name, cidr: '0.0.0.0/0', except: cfg.network.clusterCidrs };
}

export const HTTPS = [{ port: 443 }] as const;
