/** The operators a cluster runs, from their upstream Helm charts at pinned versions (imports/SOURCES.md). */
import type { ClusterContext } from '../context';
import { hasEdge } from '../edge/model';
import { certManagerRelease } from './cert-manager';
import { envoyGatewayRelease } from './envoy-gateway';
import { externalSecretsRelease } from './external-secrets';
import { grafanaRelease } from './grafana';
import { nvidiaDevicePluginRelease } from './nvidia-device-plugin';
import { prometheusRelease } from './prometheus';
import type { HelmRelease } from './release';
import { strimziRelease } from './strimzi';

/**
 * Every cluster: issuers, secrets and monitoring (Prometheus, Grafana); a cluster with an edge
 * its controller; a MATIH cluster also Kafka's operator; a cluster with GPU pools the NVIDIA
 * device plugin.
 */
export function operatorReleases(ctx: ClusterContext): HelmRelease[] {
  const devicePlugin = nvidiaDevicePluginRelease(ctx);
  return [
    certManagerRelease(ctx),
    externalSecretsRelease(ctx),
    ...(ctx.runs('matih') ? [strimziRelease(ctx)] : []),
    ...(hasEdge(ctx) ? [envoyGatewayRelease(ctx)] : []),
    prometheusRelease(ctx),
    grafanaRelease(ctx),
    ...(devicePlugin ? [devicePlugin] : []),
  ];
}
