/**
 * The EnvoyProxy of a Gateway: how Envoy Gateway v1.3.3 runs that Gateway's proxies and its
 * LoadBalancer Service. A Gateway's own EnvoyProxy replaces the GatewayClass's whole (no merge,
 * `internal/gatewayapi/contexts.go`), so every one is written out in full from here.
 *
 * What is left to Envoy Gateway: the image (`docker.io/envoyproxy/envoy:distroless-v1.33.3`,
 * the default compiled into v1.3.3), the containers' security context (no privilege
 * escalation, every capability dropped, non-root UID 65532, RuntimeDefault seccomp: within
 * Pod Security `restricted`; listeners below 1024 are bound at port + 10000, so no
 * NET_BIND_SERVICE), `automountServiceAccountToken: false` (the proxies never call the API
 * server), and Prometheus metrics on port 19001.
 */
import {
  EnvoyProxy,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentContainerResourcesLimits as Limit,
  EnvoyProxySpecProviderKubernetesEnvoyDeploymentContainerResourcesRequests as Request,
  EnvoyProxySpecProviderKubernetesEnvoyServiceExternalTrafficPolicy as TrafficPolicy,
  EnvoyProxySpecProviderKubernetesEnvoyServiceType as ServiceType,
  EnvoyProxySpecProviderType as ProviderType,
} from '../../imports/eg-envoyproxies-gateway.envoyproxy.io';
import { type NodePool, placementFor } from '../../lib/node-pool';
import type { PlatformChart } from '../context';
import { EDGE_PROXY_LABELS } from '../peers';

/** The Azure annotation that puts a LoadBalancer Service's public IP in another resource group than the cluster's node resource group. */
export const AZURE_LB_RESOURCE_GROUP = 'service.beta.kubernetes.io/azure-load-balancer-resource-group';

/** Props of {@link addEnvoyProxy}. */
export interface EnvoyProxyProps {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  /** The node pool the proxies run on. */
  readonly pool: NodePool;
  /** Annotations of the LoadBalancer Service. @default none */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
}

/**
 * An EnvoyProxy: the proxies spread over zones, with requests and a memory limit (which also
 * sizes Envoy's overload manager), a PodDisruptionBudget when there are several, and a
 * LoadBalancer Service that keeps client addresses (`externalTrafficPolicy: Local`) and
 * allocates no node ports: Azure's load balancer rules send traffic to the Service port on
 * the node (floating IP) and probe the health-check node port that `Local` allocates anyway,
 * so node ports would only open ports on every node, and count against quotas.
 */
export function addEnvoyProxy(chart: PlatformChart, props: EnvoyProxyProps): EnvoyProxy {
  const placement = placementFor(props.pool);
  return new EnvoyProxy(chart, `envoyproxy-${props.namespace}-${props.name}`, {
    metadata: { name: props.name, namespace: props.namespace, labels: chart.ctx.labels() },
    spec: {
      provider: {
        type: ProviderType.KUBERNETES,
        kubernetes: {
          envoyDeployment: {
            replicas: props.replicas,
            container: {
              resources: {
                requests: { cpu: Request.fromString('200m'), memory: Request.fromString('512Mi') },
                limits: { memory: Limit.fromString('1Gi') },
              },
            },
            pod: {
              nodeSelector: placement.nodeSelector,
              tolerations: placement.tolerations,
              // one Gateway's proxies apart: the owning-gateway labels differ per Gateway, matchLabelKeys keeps them apart (beta, on by default since 1.27)
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: 'topology.kubernetes.io/zone',
                  whenUnsatisfiable: 'ScheduleAnyway',
                  labelSelector: { matchLabels: { 'app.kubernetes.io/name': EDGE_PROXY_LABELS['app.kubernetes.io/name'] } },
                  matchLabelKeys: ['gateway.envoyproxy.io/owning-gateway-name', 'gateway.envoyproxy.io/owning-gateway-namespace'],
                },
              ],
            },
          },
          envoyPdb: props.replicas > 1 ? { minAvailable: 1 } : undefined,
          envoyService: {
            type: ServiceType.LOAD_BALANCER,
            externalTrafficPolicy: TrafficPolicy.LOCAL,
            allocateLoadBalancerNodePorts: false,
            annotations: props.serviceAnnotations && { ...props.serviceAnnotations },
          },
        },
      },
    },
  });
}
