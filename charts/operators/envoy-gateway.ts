/**
 * Envoy Gateway v1.3.3 (chart gateway-helm v1.3.3), the controller of the edge
 * (docs/edge.md): it watches the Gateway API objects and runs one Envoy Deployment and one
 * LoadBalancer Service per Gateway in its own namespace, the edge namespace.
 *
 * Every value below was read against the chart at v1.3.3 (`charts/gateway-helm/values.tmpl.yaml`
 * and `templates/`); what is not set keeps the chart's default: the controller image
 * (`docker.io/envoyproxy/gateway:v1.3.3`, generated into the published values), its resources
 * (requests 100m / 256Mi, limit 1024Mi), its container security context (no privilege
 * escalation, every capability dropped, non-root UID 65532, RuntimeDefault seccomp: within
 * Pod Security `restricted`), its ports (xDS 18000, metrics 19001), leader election, and the
 * certgen hook Job's security context (the same, with a read-only root filesystem).
 */
import type { ClusterContext } from '../context';
import { edgeControllerPeer } from '../peers';
import { systemPool, WAVE_OPERATORS } from './placement';
import type { HelmRelease } from './release';

/** The Helm release name; the chart names its Deployment, Service and ServiceAccount `envoy-gateway` whatever it is. */
const ENVOY_GATEWAY_RELEASE = 'envoy-gateway';
/** The controller's xDS port (`deployment.ports` grpc), which every Envoy proxy dials; fixed in the proxies' bootstrap. */
export const ENVOY_GATEWAY_XDS_PORT = 18000;
/** The controller's Prometheus port (`deployment.ports` metrics, path `/metrics`). */
export const ENVOY_GATEWAY_METRICS_PORT = 19001;

type Resources = { readonly requests: { readonly cpu: string; readonly memory: string }; readonly limits: { readonly memory: string } };

/** Values of the gateway-helm chart that the platform sets. */
interface EnvoyGatewayValues {
  readonly deployment: {
    /** default 1: prod runs two, both serve xDS (only the leader manages the proxies' Deployments and Services) */
    readonly replicas: number;
    readonly pod: {
      /** default {}: the system pool, where every operator runs */
      readonly nodeSelector: Record<string, string>;
      /** default []: the replicas in different zones where the pool spans zones */
      readonly topologySpreadConstraints: ReadonlyArray<{
        readonly maxSkew: number;
        readonly topologyKey: string;
        readonly whenUnsatisfiable: 'ScheduleAnyway';
        readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
      }>;
    };
  };
  /** default minAvailable 0, which renders no PodDisruptionBudget */
  readonly podDisruptionBudget: { readonly minAvailable: number };
  readonly certgen: {
    readonly job: {
      /** default {}: the pre-install/pre-upgrade Job that writes the xDS mTLS Secrets gets requests and a memory limit like every pod */
      readonly resources: Resources;
      /** default {}: the system pool */
      readonly nodeSelector: Record<string, string>;
    };
  };
}

/**
 * The controller's release, in the edge namespace. Its CRDs are not the chart's (`skipCrds`):
 * the chart bundles the experimental channel of Gateway API v1.2.1, and the platform installs
 * the standard channel and only the Envoy Gateway CRDs it uses (charts/edge/crds.ts).
 */
export function envoyGatewayRelease(ctx: ClusterContext): HelmRelease {
  const ns = ctx.platform.namespaces.ingress;
  const replicas = ctx.env.name === 'prod' ? 2 : 1;
  const values: EnvoyGatewayValues = {
    deployment: {
      replicas,
      pod: {
        nodeSelector: systemPool(ctx),
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { ...edgeControllerPeer(ctx).podLabels } },
          },
        ],
      },
    },
    podDisruptionBudget: { minAvailable: replicas > 1 ? 1 : 0 },
    certgen: { job: { resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } }, nodeSelector: systemPool(ctx) } },
  };
  return {
    name: ENVOY_GATEWAY_RELEASE,
    chart: ctx.platform.operatorCharts.envoyGateway,
    releaseName: ENVOY_GATEWAY_RELEASE,
    namespace: ns,
    values,
    wave: WAVE_OPERATORS,
    project: 'operators',
    skipCrds: true,
  };
}
