/**
 * cert-manager (seeds 001, 002): the two ACME ClusterIssuers with DNS-01 on Azure DNS
 * through the cert-manager Workload Identity, and per namespace that serves a host, a
 * Certificate from the environment's issuer and an Ingress with TLS from it.
 */
import { KubeIngress, IngressRule } from '../imports/k8s';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy } from '../imports/cert-manager-certificates-cert-manager.io';
import { ClusterIssuer, ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment } from '../imports/cert-manager-clusterissuers-cert-manager.io';
import type { IService } from '../lib/workload/props';
import type { ClusterContext, PlatformChart } from './context';
import { ingressControllerPeer } from './peers';

const ACME_SERVERS = {
  'letsencrypt-staging-dns01': 'https://acme-staging-v02.api.letsencrypt.org/directory',
  'letsencrypt-prod-dns01': 'https://acme-v02.api.letsencrypt.org/directory',
} as const;

/** The IngressClass of the platform controller in matih-ingress. */
export const PLATFORM_INGRESS_CLASS = 'nginx';

/** The `cluster-issuers` folder: both ACME issuers, DNS-01 through the cluster's cert-manager identity. */
export function addClusterIssuers(ctx: ClusterContext): PlatformChart {
  const chart = ctx.chart('cluster-issuers');
  const tf = ctx.terraform;
  for (const [name, server] of Object.entries(ACME_SERVERS)) {
    new ClusterIssuer(chart, name, {
        metadata: { name, labels: ctx.labels() },
        spec: {
          acme: {
            server,
            email: ctx.platform.acmeEmail,
            privateKeySecretRef: { name: `${name}-account-key` },
            solvers: [{
              dns01: {
                azureDns: {
                  subscriptionId: tf.subscriptionId,
                  resourceGroupName: tf.dnsZoneResourceGroupName,
                  hostedZoneName: tf.dnsZoneName,
                  environment: ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment.AZURE_PUBLIC_CLOUD,
                  managedIdentity: { clientId: ctx.identity('cert-manager') },
                },
              },
            }],
          },
        },
      });
  }
  return chart;
}

/** One route of a host to a service port. */
export interface Route {
  readonly path: string;
  readonly service: IService;
  /** @default the service's first port */
  readonly port?: string;
}

/** Options of {@link exposeHost}. */
export interface ExposeOptions {
  readonly name: string;
  readonly host: string;
  readonly routes: readonly Route[];
  /** ingress-nginx annotations beyond the TLS redirect. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Serve TLS with the platform certificate that the ingress controller holds as its
   * default (one Certificate, one ACME order, however many namespaces route the host),
   * instead of a Certificate of this Ingress's own. @default false
   */
  readonly platformCertificate?: boolean;
}

/** The Certificate (and Secret) the platform ingress controller serves by default: the API host. */
export const PLATFORM_TLS_SECRET = 'platform-tls';

/** The API host's Certificate, in the ingress namespace, held by the controller as its default certificate. */
export function addPlatformCertificate(chart: PlatformChart): void {
  const cfg = chart.platform;
  new Certificate(chart, 'platform-certificate', {
    metadata: { name: PLATFORM_TLS_SECRET, namespace: cfg.namespaces.ingress, labels: chart.ctx.labels() },
    spec: {
      secretName: PLATFORM_TLS_SECRET,
      dnsNames: [cfg.dns.apiHost],
      issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: cfg.clusterIssuer },
      privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
    },
  });
}

/**
 * Serves routes of one host from the chart's namespace: an Ingress with TLS, from a
 * Certificate of its own (secret `<name>-tls`, from the environment's ClusterIssuer) or
 * from the controller's default platform certificate, and on each routed service an
 * ingress rule for the platform ingress controller on the routed port only.
 */
export function exposeHost(chart: PlatformChart, namespace: string, opts: ExposeOptions): void {
  const labels = chart.ctx.labels();
  const secretName = opts.platformCertificate ? undefined : `${opts.name}-tls`;
  for (const r of opts.routes) {
    if (r.service.namespace !== namespace) throw new Error(`Ingress "${opts.name}" in "${namespace}" cannot route ${r.path} to service "${r.service.name}" in "${r.service.namespace}": an Ingress reaches only Services of its own namespace`);
  }
  if (opts.platformCertificate && opts.host !== chart.platform.dns.apiHost) {
    throw new Error(`Ingress "${opts.name}": the platform certificate covers ${chart.platform.dns.apiHost}, not ${opts.host}`);
  }
  if (secretName) {
    new Certificate(chart, `${opts.name}-certificate`, {
      metadata: { name: secretName, namespace, labels },
      spec: {
        secretName,
        dnsNames: [opts.host],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: chart.platform.clusterIssuer },
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
      },
    });
  }
  const rule: IngressRule = {
    host: opts.host,
    http: {
      paths: [...opts.routes].sort((a, b) => (a.path < b.path ? -1 : 1)).map((r) => ({
        path: r.path,
        pathType: 'Prefix',
        backend: { service: { name: r.service.name, port: { name: r.service.port(r.port).name } } },
      })),
    },
  };
  new KubeIngress(chart, `${opts.name}-ingress`, {
    metadata: {
      name: opts.name, namespace, labels,
      annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', ...opts.annotations },
    },
    // without a secretName, ingress-nginx serves the host with its default certificate
    spec: { ingressClassName: PLATFORM_INGRESS_CLASS, tls: [{ hosts: [opts.host], secretName }], rules: [rule] },
  });
  const controller = ingressControllerPeer(chart.ctx);
  for (const r of opts.routes) r.service.allowIngressFrom(controller, [r.service.port(r.port).name]);
}
