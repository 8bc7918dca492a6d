/**
 * cert-manager (docs/platform.md#certificates): the two ACME ClusterIssuers with DNS-01 on Azure DNS
 * through the cert-manager Workload Identity. The certificates of the hosts are the edge's
 * (charts/edge/gateway.ts), beside the Gateways that serve them.
 */
import { ClusterIssuer, ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment } from '../imports/cert-manager-clusterissuers-cert-manager.io';
import type { ClusterContext, PlatformChart } from './context';

const ACME_SERVERS = {
  'letsencrypt-staging-dns01': 'https://acme-staging-v02.api.letsencrypt.org/directory',
  'letsencrypt-prod-dns01': 'https://acme-v02.api.letsencrypt.org/directory',
} as const;

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
          solvers: [
            {
              dns01: {
                azureDns: {
                  subscriptionId: tf.subscriptionId,
                  resourceGroupName: tf.dnsZoneResourceGroupName,
                  hostedZoneName: tf.dnsZoneName,
                  environment: ClusterIssuerSpecAcmeSolversDns01AzureDnsEnvironment.AZURE_PUBLIC_CLOUD,
                  managedIdentity: { clientId: ctx.identity('cert-manager') },
                },
              },
            },
          ],
        },
      },
    });
  }
  return chart;
}

/** The Secret (in the edge namespace) of the platform API host's certificate, served by the shared Gateway. */
export const PLATFORM_TLS_SECRET = 'platform-tls';
