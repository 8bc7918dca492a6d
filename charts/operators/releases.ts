/** The operators a cluster runs, from their upstream Helm charts at pinned versions (imports/SOURCES.md). */
import type { ClusterContext } from '../context';
import { certManagerRelease } from './cert-manager';
import { externalSecretsRelease } from './external-secrets';
import { grafanaRelease } from './grafana';
import { ingressNginxRelease } from './ingress-nginx';
import { prometheusRelease } from './prometheus';
import type { HelmRelease } from './release';
import { strimziRelease } from './strimzi';

/** Every cluster: issuers, secrets, the edge and monitoring (Prometheus, Grafana); a MATIH cluster also Kafka's operator. */
export function operatorReleases(ctx: ClusterContext): HelmRelease[] {
  return [
    certManagerRelease(ctx),
    externalSecretsRelease(ctx),
    ...(ctx.runs('matih') ? [strimziRelease(ctx)] : []),
    ingressNginxRelease(ctx),
    prometheusRelease(ctx),
    grafanaRelease(ctx),
  ];
}
