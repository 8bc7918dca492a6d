/**
 * What every ingress-nginx controller of the platform shares (the platform's own and the
 * tenants' dedicated ones): it listens on unprivileged ports and runs with the Pod Security
 * `restricted` security context, so it is admitted in namespaces that enforce `restricted`.
 *
 * ingress-nginx binds 80 and 443 by default, which needs NET_BIND_SERVICE gained through
 * file capabilities and so `allowPrivilegeEscalation: true`; `restricted` forbids that. The
 * Service still exposes 80 and 443: only the pod ports move.
 */
import { PLATFORM_TLS_SECRET } from '../certificates';
import type { TopologySpreadConstraint } from '../../imports/k8s';
import { spreadConstraints } from '../../lib/workload/spread';
import type { ClusterContext } from '../context';
import { ingressControllerPeer } from '../peers';
import { systemPool, WAVE_OPERATORS } from './placement';
import type { HelmRelease } from './release';

/** The controller's pod ports (what NetworkPolicies match). */
export const INGRESS_NGINX_POD_PORTS = { http: 8080, https: 10443 } as const;

/** Helm values of ingress-nginx that keep its controller within `restricted`. */
export interface RestrictedIngressNginxValues {
  readonly containerPort: { readonly http: number; readonly https: number };
  readonly extraArgs: Readonly<Record<string, string>>;
  readonly containerSecurityContext: {
    readonly allowPrivilegeEscalation: false;
    readonly capabilities: { readonly drop: readonly string[] };
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  readonly admissionWebhooks: {
    readonly enabled: boolean;
    readonly patch?: { readonly securityContext: { readonly runAsNonRoot: true; readonly runAsUser: number; readonly seccompProfile: { readonly type: 'RuntimeDefault' } } };
  };
}

/** The controller values above, with `extraArgs` merged in. */
export function restrictedControllerValues(extraArgs: Readonly<Record<string, string>>, admissionWebhooks: boolean): RestrictedIngressNginxValues {
  return {
    containerPort: { ...INGRESS_NGINX_POD_PORTS },
    extraArgs: { ...extraArgs, 'http-port': String(INGRESS_NGINX_POD_PORTS.http), 'https-port': String(INGRESS_NGINX_POD_PORTS.https) },
    containerSecurityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      // www-data in the controller image
      runAsNonRoot: true,
      runAsUser: 101,
      runAsGroup: 82,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    admissionWebhooks: admissionWebhooks
      ? { enabled: true, patch: { securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } } } }
      : { enabled: false },
  };
}

/** Values of the ingress-nginx chart for the platform controller. */
export interface IngressNginxValues {
  readonly controller: RestrictedIngressNginxValues & {
    readonly ingressClassResource: { readonly name: string; readonly default: boolean; readonly controllerValue: string };
    readonly replicaCount: number;
    readonly service: { readonly type: 'LoadBalancer'; readonly externalTrafficPolicy: 'Local' };
    readonly metrics: { readonly enabled: boolean; readonly serviceMonitor: { readonly enabled: boolean } };
    readonly nodeSelector: Record<string, string>;
    readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  };
}

/** The platform's ingress controller; on a MATIH cluster it serves the API host with the platform certificate by default. */
export function ingressNginxRelease(ctx: ClusterContext): HelmRelease {
  const ns = ctx.platform.namespaces.ingress;
  const values: IngressNginxValues = {
    controller: {
      ingressClassResource: { name: 'nginx', default: true, controllerValue: 'k8s.io/ingress-nginx' },
      replicaCount: ctx.env.name === 'prod' ? 3 : 2,
      service: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
      metrics: { enabled: true, serviceMonitor: { enabled: true } },
      nodeSelector: systemPool(ctx),
      // over zones and nodes (default: none); its admission webhook has failurePolicy Fail, so with
      // every replica down no Ingress can change. More than one replica also makes the chart add a PDB
      topologySpreadConstraints: spreadConstraints(ingressControllerPeer(ctx).podLabels, 'soft'),
      ...restrictedControllerValues(ctx.runs('matih') ? { 'default-ssl-certificate': `${ns}/${PLATFORM_TLS_SECRET}` } : {}, true),
    },
  };
  return { name: 'ingress-nginx', chart: ctx.platform.operatorCharts.ingressNginx, releaseName: 'ingress-nginx', namespace: ns, values, wave: WAVE_OPERATORS, project: 'operators' };
}
