import { asArray, asMap, asString, type JsonMap } from './json';

/** A port of a Service (the shape of operator-objects.ts's, which builds on this file). */
interface ServicePort {
  readonly port: number;
  readonly name?: string;
}

/** A Service that will exist, and what creates it. */
interface ChartService {
  readonly name: string;
  readonly namespace?: string;
  readonly ports: readonly ServicePort[];
  readonly source: string;
}

/**
 * Services that operators and upstream Helm charts create from the objects this repository
 * renders, beyond Strimzi's (operator-objects.ts): a RayCluster's head Service, and the
 * Services of a Helm chart that an Argo CD Application installs. The charts' own manifests
 * are not rendered here, so each chart's Services are written down once, from its templates
 * at the pinned version.
 */

/** KubeRay's default head ports when the head container declares none (common/service.go, v1.7.0). */
const RAY_DEFAULT_PORTS: readonly ServicePort[] = [
  { port: 10001, name: 'client' },
  { port: 6379, name: 'gcs-server' },
  { port: 8265, name: 'dashboard' },
  { port: 8000, name: 'serve' },
];
const RAY_METRICS: ServicePort = { port: 8080, name: 'metrics' };

/** `<name>-head-svc`, exposing the head container's declared ports (or KubeRay's defaults) and always the metrics port. */
export function rayHeadService(name: string, spec: JsonMap): ChartService {
  const pod = asMap(asMap(asMap(spec.headGroupSpec)?.template)?.spec);
  const ray = asMap(asArray(pod?.containers)[0]);
  const declared: ServicePort[] = [];
  for (const raw of asArray(ray?.ports)) {
    const p = asMap(raw);
    if (typeof p?.containerPort === 'number') declared.push({ port: p.containerPort, name: asString(p.name) });
  }
  const ports = declared.length ? declared : [...RAY_DEFAULT_PORTS];
  if (!ports.some((p) => p.port === RAY_METRICS.port)) ports.push(RAY_METRICS);
  return { name: `${name}-head-svc`, ports, source: `RayCluster ${name} (KubeRay)` };
}

/** The Services a chart renders for a release, by chart name (templates read at the pinned chart version). */
const CHART_SERVICES: Readonly<Record<string, (release: string, values: JsonMap) => Array<{ name: string; ports: ServicePort[] }>>> = {
  // temporal 1.6.0: server-service.yaml (frontend gRPC and HTTP), web-service.yaml; fullname is the release when it contains "temporal"
  temporal: (release, values) => {
    const full = release.includes('temporal') ? release : `${release}-temporal`;
    const web = asMap(values.web)?.enabled !== false;
    return [
      {
        name: `${full}-frontend`,
        ports: [
          { port: 7233, name: 'grpc-rpc' },
          { port: 7243, name: 'http' },
        ],
      },
      ...(web ? [{ name: `${full}-web`, ports: [{ port: 8080, name: 'http' }] }] : []),
    ];
  },
};

/** The Services the Helm chart of an Argo CD Application creates in its destination namespace. */
export function chartServices(application: JsonMap): ChartService[] {
  const spec = asMap(application.spec) ?? {};
  const source = asMap(spec.source) ?? {};
  const chart = asString(source.chart);
  const namespace = asString(asMap(spec.destination)?.namespace);
  const helm = asMap(source.helm) ?? {};
  const services = chart ? CHART_SERVICES[chart] : undefined;
  if (!services || !namespace) return [];
  const release = asString(helm.releaseName) ?? asString(asMap(application.metadata)?.name) ?? '';
  return services(release, asMap(helm.valuesObject) ?? {}).map((s) => ({
    ...s,
    namespace,
    source: `chart ${chart} of Application ${asString(asMap(application.metadata)?.name) ?? ''}`,
  }));
}
