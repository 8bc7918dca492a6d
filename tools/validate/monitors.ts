import { groupOf, type Inventory } from './inventory';
import { asArray, asMap, asString, asStringMap, type JsonMap } from './json';
import { formatSelector, type LabelSelector, parseLabelSelector, selectorFromMap, selectorMatches } from './label-selector';
import { containersOf, type PodTemplate } from './pod-templates';
import { type LoadedObject, objectId } from './problem';
import type { ReferenceFinding } from './pod-references';

const MONITORING = 'monitoring.coreos.com';
/**
 * Container port names that mean "metrics": the Prometheus community's (`metrics`,
 * `http-metrics`) and Strimzi's (`tcp-prometheus`).
 */
const METRICS_PORT_NAMES: ReadonlySet<string> = new Set(['metrics', 'http-metrics', 'tcp-prometheus']);
const SCRAPE_ANNOTATION = 'prometheus.io/scrape';
const PORT_ANNOTATION = 'prometheus.io/port';

/** A container port of a pod. */
interface PodPort {
  readonly name?: string;
  readonly number: number;
  /** Its path in the owner, for messages. */
  readonly path: string;
}

/**
 * `monitor/unscraped`: a workload serves metrics that nothing scrapes. A metrics port is a
 * container port named `metrics`, `http-metrics` or `tcp-prometheus`, or the port that a
 * `prometheus.io/port` annotation names on the pod template or on a Service selecting it
 * (with `prometheus.io/scrape: "true"`). Each must be scraped by a ServiceMonitor (through a
 * Service that selects the pods and whose endpoint port targets that container port) or by a
 * PodMonitor (selecting the pods, on that port's name or number), in the namespaces their
 * `namespaceSelector` covers. Pods Strimzi creates count, with the ports known of them. A
 * template whose owner names no namespace (a Crossplane runtime config: its package pods run
 * in Crossplane's) is not judged here.
 */
export function checkUnscrapedPorts(inventory: Inventory): { loaded: LoadedObject; finding: ReferenceFinding }[] {
  const serviceMonitors = inventory.ofKind(MONITORING, 'ServiceMonitor');
  const podMonitors = inventory.ofKind(MONITORING, 'PodMonitor');
  const out: { loaded: LoadedObject; finding: ReferenceFinding }[] = [];
  for (const pod of inventory.allPods().filter((p) => p.namespace !== '')) {
    const services = servicesSelecting(pod, inventory);
    for (const port of metricsPorts(pod, services)) {
      const scraped = podMonitors.some((m) => podMonitorScrapes(m, pod, port)) || serviceMonitors.some((m) => serviceMonitorScrapes(m, pod, port, services));
      if (scraped) continue;
      out.push({
        loaded: pod.owner,
        finding: {
          rule: 'monitor/unscraped',
          message: `${port.path} (${port.name ?? 'unnamed'} ${port.number}) serves metrics that no ServiceMonitor or PodMonitor scrapes (pods ${formatSelector(selectorFromMap(pod.labels))})`,
        },
      });
    }
  }
  return out;
}

/**
 * The pod templates no ServiceMonitor or PodMonitor scrapes on any port: the workloads the
 * README lists with the reason they have no metrics (kube-state-metrics still observes them).
 */
export function unscrapedWorkloads(inventory: Inventory): PodTemplate[] {
  const serviceMonitors = inventory.ofKind(MONITORING, 'ServiceMonitor');
  const podMonitors = inventory.ofKind(MONITORING, 'PodMonitor');
  return inventory.templates
    .filter((pod) => pod.namespace !== '')
    .filter((pod) => {
      const services = servicesSelecting(pod, inventory);
      const ports = podPorts(pod);
      return !ports.some(
        (port) => podMonitors.some((m) => podMonitorScrapes(m, pod, port)) || serviceMonitors.some((m) => serviceMonitorScrapes(m, pod, port, services)),
      );
    });
}

/** The Services of the pod's namespace whose selector matches it. */
function servicesSelecting(pod: PodTemplate, inventory: Inventory): LoadedObject[] {
  return inventory.ofKind('', 'Service').filter((s) => {
    const id = objectId(s.object);
    const selector = selectorFromMap(asMap(asMap(s.object)?.spec)?.selector);
    return id.namespace === pod.namespace && Object.keys(selector.matchLabels).length > 0 && selectorMatches(selector, pod.labels);
  });
}

function podPorts(pod: PodTemplate): PodPort[] {
  return containersOf(pod).flatMap((c) =>
    asArray(c.container.ports).map((raw, i) => {
      const p = asMap(raw) ?? {};
      return { name: asString(p.name), number: typeof p.containerPort === 'number' ? p.containerPort : -1, path: `${c.path}.ports[${i}]` };
    }),
  );
}

function metricsPorts(pod: PodTemplate, services: readonly LoadedObject[]): PodPort[] {
  const annotated = new Set<number>();
  const note = (annotations: Readonly<Record<string, string>>) => {
    if (annotations[SCRAPE_ANNOTATION] === 'true' && annotations[PORT_ANNOTATION]) annotated.add(Number(annotations[PORT_ANNOTATION]));
  };
  note(pod.annotations);
  for (const s of services) note(asStringMap(asMap(asMap(s.object)?.metadata)?.annotations));
  return podPorts(pod).filter((p) => (p.name !== undefined && METRICS_PORT_NAMES.has(p.name)) || annotated.has(p.number));
}

/** The namespaces a monitor's `namespaceSelector` covers, among those the run knows (its own by default). */
function monitorNamespaces(monitor: JsonMap, ns: string): string[] | 'any' {
  const sel = asMap(asMap(monitor.spec)?.namespaceSelector) ?? {};
  if (sel.any === true) return 'any';
  const names = asArray(sel.matchNames).map(String);
  return names.length ? names : [ns];
}

function covers(monitor: LoadedObject, namespace: string): boolean {
  const ns = monitorNamespaces(asMap(monitor.object) ?? {}, objectId(monitor.object).namespace);
  return ns === 'any' || ns.includes(namespace);
}

function podMonitorScrapes(monitor: LoadedObject, pod: PodTemplate, port: PodPort): boolean {
  const spec = asMap(asMap(monitor.object)?.spec) ?? {};
  if (!covers(monitor, pod.namespace) || !selectorMatches(parseLabelSelector(spec.selector), pod.labels)) return false;
  return asArray(spec.podMetricsEndpoints).some((raw) => {
    const e = asMap(raw) ?? {};
    return (
      (e.port !== undefined && e.port === port.name) ||
      e.portNumber === port.number ||
      e.targetPort === port.number ||
      (port.name !== undefined && e.targetPort === port.name)
    );
  });
}

function serviceMonitorScrapes(monitor: LoadedObject, pod: PodTemplate, port: PodPort, services: readonly LoadedObject[]): boolean {
  const spec = asMap(asMap(monitor.object)?.spec) ?? {};
  if (!covers(monitor, pod.namespace)) return false;
  const selector = parseLabelSelector(spec.selector);
  const endpoints = asArray(spec.endpoints).map((e) => asMap(e) ?? {});
  return services.some((s) => {
    if (!selectorMatches(selector, asStringMap(asMap(asMap(s.object)?.metadata)?.labels))) return false;
    return asArray(asMap(asMap(s.object)?.spec)?.ports).some((raw) => {
      const sp = asMap(raw) ?? {};
      const target = sp.targetPort ?? sp.port;
      const reaches = target === port.number || (port.name !== undefined && target === port.name);
      return reaches && endpoints.some((e) => (e.port !== undefined && e.port === sp.name) || e.targetPort === target);
    });
  });
}

/**
 * `ref/podMonitor`: a PodMonitor whose selector matches no pod in the namespaces it covers,
 * or whose endpoint names a port that none of the selected pods declares. Only namespaces
 * where the run holds pods are judged (the operators' and Argo CD's pods come from charts).
 */
export function checkPodMonitor(loaded: LoadedObject, inventory: Inventory): ReferenceFinding[] {
  const id = objectId(loaded.object);
  if (groupOf(id.apiVersion) !== MONITORING || id.kind !== 'PodMonitor') return [];
  const spec = asMap(asMap(loaded.object)?.spec) ?? {};
  const selector: LabelSelector = parseLabelSelector(spec.selector);
  const covered = monitorNamespaces(asMap(loaded.object) ?? {}, id.namespace);
  const namespaces = (covered === 'any' ? inventory.allPods().map((p) => p.namespace) : covered).filter((n) => inventory.hasPods(n));
  if (!namespaces.length) return [];
  const pods = [...new Set(namespaces)].flatMap((n) => inventory.podsMatching(n, selector));
  if (!pods.length) {
    return [
      {
        rule: 'ref/podMonitor',
        message: `spec.selector (${formatSelector(selector)}) matches no pod in ${[...new Set(namespaces)].map((n) => `"${n}"`).join(', ')}`,
      },
    ];
  }
  const known = pods.filter((p) => containersOf(p).length > 0);
  if (!known.length) return [];
  const names = new Set(known.flatMap((p) => podPorts(p).map((q) => q.name)));
  const out: ReferenceFinding[] = [];
  asArray(spec.podMetricsEndpoints).forEach((raw, i) => {
    const port = asString(asMap(raw)?.port);
    if (port !== undefined && !names.has(port))
      out.push({ rule: 'ref/podMonitor', message: `spec.podMetricsEndpoints[${i}].port "${port}" is not a container port name of the selected pods` });
  });
  return out;
}
