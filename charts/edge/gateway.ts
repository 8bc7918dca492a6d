/**
 * One Gateway of the edge and what every Gateway of the platform carries: an HTTP listener
 * that only redirects to HTTPS, one HTTPS listener per host (or wildcard) with a certificate
 * from cert-manager in the Gateway's own namespace, listeners that admit HTTPRoutes only from
 * the namespaces that route through them, TLS 1.2+ with AEAD ciphers, and a default request
 * timeout (ClientTrafficPolicy and BackendTrafficPolicy of Envoy Gateway v1.3.3).
 */
import { lazy } from '../../lib/lazy';
import {
  Certificate,
  CertificateSpecPrivateKeyAlgorithm,
  CertificateSpecPrivateKeyRotationPolicy,
} from '../../imports/cert-manager-certificates-cert-manager.io';
import { BackendTrafficPolicy } from '../../imports/eg-backendtrafficpolicies-gateway.envoyproxy.io';
import {
  ClientTrafficPolicy,
  ClientTrafficPolicySpecHeadersWithUnderscoresAction as Underscores,
  ClientTrafficPolicySpecTlsMinVersion as TlsVersion,
} from '../../imports/eg-clienttrafficpolicies-gateway.envoyproxy.io';
import {
  Gateway,
  type GatewaySpecListeners,
  GatewaySpecListenersAllowedRoutesNamespacesFrom as From,
  GatewaySpecListenersTlsMode,
} from '../../imports/gwapi-gateways-gateway.networking.k8s.io';
import type { NetworkPolicyPeer } from '../../imports/k8s';
import type { NetworkPeer, PeerPort } from '../../lib/network/network-policy';
import type { PlatformChart } from '../context';
import { ENVOY_GATEWAY_GROUP, GATEWAY_API_GROUP, GATEWAY_CLASS, HTTP_LISTENER } from './model';
import { addHttpRoute } from './route';

/**
 * Ciphers for TLS 1.2: ECDHE with AEAD only. These are Envoy's own defaults at 1.33
 * (`api/v1alpha1/tls_types.go` of Envoy Gateway v1.3.3), written out so that no upgrade
 * widens them unseen. TLS 1.3 suites are not configurable and all strong.
 */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
] as const;
/** The request timeout of every route without its own: ingress-nginx's default proxy-read-timeout (Envoy's own default is 15 s). */
const DEFAULT_REQUEST_TIMEOUT = '60s';
/** Concurrent HTTP/2 streams per client connection (Envoy allows 2^31-1; ingress-nginx allowed 128). */
const MAX_CONCURRENT_STREAMS = 100;

/** Which namespaces' HTTPRoutes a listener admits: by name (derived from the routes), or by namespace labels. */
export type AdmittedNamespaces = { readonly names: Set<string> } | { readonly labels: Readonly<Record<string, string>> };

/** One HTTPS listener. */
export interface HttpsListener {
  readonly name: string;
  /** A host, or a wildcard `*.<domain>`. */
  readonly hostname: string;
  /** The Secret (in the Gateway's namespace) of the certificate that covers `hostname`. */
  readonly secret: string;
  readonly admitted: AdmittedNamespaces;
}

/** Props of {@link EdgeGateway}. */
export interface EdgeGatewayProps {
  readonly name: string;
  /** Its namespace; its proxies run in the edge namespace whatever it is (Envoy Gateway v1.3). */
  readonly namespace: string;
  /** Its proxies, as a network peer. */
  readonly peer: NetworkPeer;
  /** The EnvoyProxy in its namespace that replaces the GatewayClass's for this Gateway. @default the GatewayClass's */
  readonly proxy?: string;
}

/** A Gateway and its HTTPS listeners, registered as hosts are routed through it; renders when the tree is. */
export class EdgeGateway {
  public readonly name: string;
  public readonly namespace: string;
  public readonly peer: NetworkPeer;
  /** Egress of the proxies beyond the routed services: tenant workloads, which this repository does not render. */
  public readonly egress: Array<{ readonly to: NetworkPolicyPeer; readonly ports: readonly PeerPort[] }> = [];
  private readonly listeners = new Map<string, HttpsListener>();

  constructor(
    private readonly chart: PlatformChart,
    props: EdgeGatewayProps,
  ) {
    this.name = props.name;
    this.namespace = props.namespace;
    this.peer = props.peer;
    const labels = chart.ctx.labels();
    const targetRefs = [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: this.name }];
    // listeners are registered as hosts are routed through the Gateway, until the tree is rendered
    const listeners = lazy(() => this.renderListeners());
    new Gateway(chart, `gateway-${this.name}`, {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        gatewayClassName: GATEWAY_CLASS,
        ...(props.proxy ? { infrastructure: { parametersRef: { group: ENVOY_GATEWAY_GROUP, kind: 'EnvoyProxy', name: props.proxy } } } : {}),
        listeners,
      },
    });
    // plain HTTP only ever answers with a permanent redirect to the same URL over HTTPS
    addHttpRoute(chart, {
      name: `${this.name}-https-redirect`,
      namespace: this.namespace,
      parent: { gateway: this, listener: HTTP_LISTENER },
      rules: [{ redirectToHttps: true }],
    });
    new ClientTrafficPolicy(chart, `client-traffic-${this.name}`, {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: {
        targetRefs,
        tls: { minVersion: TlsVersion.VALUE_1_2, ciphers: [...TLS12_CIPHERS] },
        // what ingress-nginx did (underscores_in_headers off): a header with an underscore is dropped, so it cannot alias a dashed one
        headers: { withUnderscoresAction: Underscores.DROP_HEADER },
        http2: { maxConcurrentStreams: MAX_CONCURRENT_STREAMS },
      },
    });
    new BackendTrafficPolicy(chart, `backend-traffic-${this.name}`, {
      metadata: { name: this.name, namespace: this.namespace, labels },
      spec: { targetRefs, timeout: { http: { requestTimeout: DEFAULT_REQUEST_TIMEOUT } } },
    });
  }

  /** Lets the proxies open connections to pods this repository does not render, on `ports` (pod ports). */
  public allowEgressTo(to: NetworkPolicyPeer, ports: readonly PeerPort[]): void {
    this.egress.push({ to, ports });
  }

  /** The HTTPS listeners registered so far. */
  public get httpsListeners(): readonly HttpsListener[] {
    return [...this.listeners.values()];
  }

  /** The listener ports of the Gateway (its LoadBalancer Service has one port each). */
  public get ports(): readonly number[] {
    return this.listeners.size > 0 ? [80, 443] : [80];
  }

  /**
   * The HTTPS listener for `hostname`, created with a Certificate for it on first use. Its
   * routes come from the namespaces `admit` names, or from every namespace with the labels.
   * @throws when the host is registered again with another certificate or admission
   */
  public listener(
    name: string,
    hostname: string,
    secret: string,
    admit: { readonly namespace: string } | { readonly labels: Readonly<Record<string, string>> },
  ): HttpsListener {
    let l = this.listeners.get(name);
    if (!l) {
      l = { name, hostname, secret, admitted: 'labels' in admit ? { labels: admit.labels } : { names: new Set() } };
      this.listeners.set(name, l);
      addCertificate(this.chart, this.namespace, secret, hostname);
    }
    if (l.hostname !== hostname || l.secret !== secret) {
      throw new Error(
        `Gateway ${this.namespace}/${this.name}: listener "${name}" serves ${l.hostname} with Secret ${l.secret}, not ${hostname} with ${secret}`,
      );
    }
    if ('namespace' in admit) {
      if (!('names' in l.admitted))
        throw new Error(`Gateway ${this.namespace}/${this.name}: listener "${name}" admits routes by namespace labels, not namespace ${admit.namespace}`);
      l.admitted.names.add(admit.namespace);
    }
    return l;
  }

  private renderListeners(): GatewaySpecListeners[] {
    const kinds = [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute' }];
    const http: GatewaySpecListeners = { name: HTTP_LISTENER, protocol: 'HTTP', port: 80, allowedRoutes: { kinds, namespaces: { from: From.SAME } } };
    const https = [...this.listeners.values()]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((l): GatewaySpecListeners => ({
        name: l.name,
        protocol: 'HTTPS',
        port: 443,
        hostname: l.hostname,
        tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ group: '', kind: 'Secret', name: l.secret }] },
        allowedRoutes: { kinds, namespaces: this.admission(l.admitted) },
      }));
    return [http, ...https];
  }

  private admission(admitted: AdmittedNamespaces) {
    if ('labels' in admitted) return { from: From.SELECTOR, selector: { matchLabels: { ...admitted.labels } } };
    const names = [...admitted.names].sort();
    if (names.length === 1 && names[0] === this.namespace) return { from: From.SAME };
    return { from: From.SELECTOR, selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: names }] } };
  }
}

/** A certificate from the environment's ACME issuer (DNS-01 on Azure DNS, so a wildcard works too), ECDSA P-256, a new key at each renewal. */
function addCertificate(chart: PlatformChart, namespace: string, secretName: string, dnsName: string): Certificate {
  return new Certificate(chart, `certificate-${namespace}-${secretName}`, {
    metadata: { name: secretName, namespace, labels: chart.ctx.labels() },
    spec: {
      secretName,
      dnsNames: [dnsName],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: chart.platform.clusterIssuer },
      privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
    },
  });
}
