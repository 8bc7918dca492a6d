/**
 * The Envoy proxies Envoy Gateway runs for each Gateway of a cluster: not rendered in dist/,
 * but described by the Gateway's EnvoyProxy (its own `infrastructure.parametersRef`, else its
 * GatewayClass's). Figures from Envoy Gateway v1.3.3: one replica and requests of 100m/512Mi
 * for the `envoy` container by default (`api/v1alpha1/shared_types.go:21-23`), plus the
 * `shutdown-manager` container's 10m/32Mi (`shared_types.go:26-29`, not configurable).
 */
import type { ManifestDocument } from '../manifests/load';
import { asMap, asString, dig, type JsonMap } from '../validate/json';
import { add, bytes, cpuMillis, type PodGroup, type Resources } from './model';
import { containerRequests, podPlacement } from './workloads';

const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';
const ENVOY_DEFAULT = { cpu: '100m', memory: '512Mi' };
const SHUTDOWN_MANAGER: Resources = { cpu: 10, memory: bytes('32Mi') ?? 0, gpu: 0, pods: 0 };

/** One pod group per Gateway of Envoy Gateway's class among `docs`. */
export function gatewayProxyGroups(docs: readonly ManifestDocument[]): PodGroup[] {
  const find = (kind: string, ns: string, name: string) =>
    docs.find((d) => {
      const o = asMap(d.object);
      return o?.kind === kind && (asString(dig(o, 'metadata', 'namespace')) ?? '') === ns && asString(dig(o, 'metadata', 'name')) === name;
    });
  const out: PodGroup[] = [];
  for (const d of docs) {
    const gw = asMap(d.object);
    if (gw?.kind !== 'Gateway' || !asString(gw.apiVersion)?.startsWith('gateway.networking.k8s.io/')) continue;
    const ns = asString(dig(gw, 'metadata', 'namespace')) ?? '';
    const name = asString(dig(gw, 'metadata', 'name')) ?? '';
    const cls = asMap(find('GatewayClass', '', asString(dig(gw, 'spec', 'gatewayClassName')) ?? '')?.object);
    if (asString(dig(cls, 'spec', 'controllerName')) !== ENVOY_GATEWAY_CONTROLLER) continue;
    const own = asString(dig(gw, 'spec', 'infrastructure', 'parametersRef', 'name'));
    const ref = own
      ? { ns, name: own }
      : { ns: asString(dig(cls, 'spec', 'parametersRef', 'namespace')) ?? '', name: asString(dig(cls, 'spec', 'parametersRef', 'name')) ?? '' };
    const proxy = find('EnvoyProxy', ref.ns, ref.name);
    const deployment: JsonMap = asMap(dig(proxy?.object, 'spec', 'provider', 'kubernetes', 'envoyDeployment')) ?? {};
    const resources = dig(deployment, 'container', 'resources');
    const envoy =
      (dig(resources, 'requests') ?? dig(resources, 'limits'))
        ? containerRequests(resources)
        : { cpu: cpuMillis(ENVOY_DEFAULT.cpu) ?? 0, memory: bytes(ENVOY_DEFAULT.memory) ?? 0, gpu: 0, pods: 0 };
    const replicas = typeof deployment.replicas === 'number' ? deployment.replicas : 1;
    out.push({
      name: `Envoy proxies of Gateway ${ns}/${name}`,
      object: { kind: 'Gateway', namespace: ns, name },
      file: proxy?.file ?? d.file,
      origin: 'manifest',
      mode: 'replicas',
      requests: { ...add(envoy, SHUTDOWN_MANAGER), pods: 1 },
      minReplicas: replicas,
      maxReplicas: replicas,
      placement: podPlacement(asMap(deployment.pod) ?? {}),
      note: `Envoy Gateway v1.3.3 runs them in its own namespace from ${proxy ? `EnvoyProxy ${ref.ns}/${ref.name}` : 'its defaults'}, with a shutdown-manager container of 10m/32Mi`,
    });
  }
  return out;
}
