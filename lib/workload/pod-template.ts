import { Lazy } from 'cdk8s';
import {
  Container,
  EnvVar,
  IntOrString,
  PodTemplateSpec,
  Probe,
  Quantity,
  Volume,
  VolumeMount,
} from '../../imports/k8s';
import { placementFor, NodePool } from '../node-pool';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../security';
import { spreadConstraints } from './spread';
import { assertQuantity, ConfigMapMount, imageRef, ProbeSpec, ResourceSpec, SecretMount, ServicePortSpec, SidecarSpec } from './spec';

/** Everything a pod template needs, resolved by the workload construct. */
export interface PodTemplateProps {
  readonly owner: string;
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly serviceAccountName: string;
  readonly image: string;
  readonly ports: readonly ServicePortSpec[];
  readonly resources: ResourceSpec;
  readonly readiness?: ProbeSpec;
  readonly liveness?: ProbeSpec;
  readonly startup?: ProbeSpec;
  /** Env vars, read when the tree is rendered: dependencies and Kafka add theirs after construction. */
  readonly env: () => EnvVar[];
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly imagePullSecrets: readonly string[];
  readonly nodePool: NodePool;
  readonly runAsUser: number;
  readonly writablePaths: readonly string[];
  /** Secret mounts, read when the tree is rendered, like env. */
  readonly secretMounts: () => readonly SecretMount[];
  readonly dataVolume?: { readonly name: string; readonly mountPath: string };
  /** More than one replica: spread them over zones and nodes. */
  readonly topologySpread: boolean;
  readonly selector: Record<string, string>;
  /** @default 'main' */
  readonly containerName?: string;
  /** Helper containers. @default none */
  readonly sidecars?: readonly SidecarSpec[];
  /** Mount the ServiceAccount token (the pod calls the Kubernetes API). @default false */
  readonly serviceAccountToken?: boolean;
  /** ConfigMaps mounted read-only. @default none */
  readonly configMapMounts?: readonly ConfigMapMount[];
}

/** Builds a pod template that passes the Pod Security `restricted` profile. */
export function podTemplate(p: PodTemplateProps): PodTemplateSpec {
  const security = { runAsUser: p.runAsUser };
  const writable = p.writablePaths.map((path) => ({ name: volumeName(path), mountPath: path }));
  const volumes: Volume[] = writable.map((w) => ({ name: w.name, emptyDir: {} }));
  const mounts: VolumeMount[] = writable.map((w) => ({ name: w.name, mountPath: w.mountPath }));
  if (p.dataVolume) mounts.push({ name: p.dataVolume.name, mountPath: p.dataVolume.mountPath });
  for (const m of p.configMapMounts ?? []) {
    volumes.push({ name: volumeName(m.mountPath), configMap: { name: m.configMap, defaultMode: 0o444 } });
    mounts.push({ name: volumeName(m.mountPath), mountPath: m.mountPath, readOnly: true });
  }
  // Secret mounts may be declared after construction (Kafka client certificates).
  const lazyVolumes = Lazy.any({ produce: (): Volume[] => [...volumes, ...p.secretMounts().map((m) => ({
    name: volumeName(m.mountPath), secret: { secretName: m.secret, defaultMode: 0o440 },
  }))] });
  const lazyMounts = Lazy.any({ produce: (): VolumeMount[] => [...mounts, ...p.secretMounts().map((m) => ({
    name: volumeName(m.mountPath), mountPath: m.mountPath, readOnly: true,
  }))] });
  const placement = placementFor(p.nodePool);

  const container: Container = {
    name: p.containerName ?? 'main',
    image: p.image,
    imagePullPolicy: 'IfNotPresent',
    command: p.command ? [...p.command] : undefined,
    args: p.args ? [...p.args] : undefined,
    ports: p.ports.map((port) => ({
      name: port.name,
      containerPort: port.targetPort ?? port.port,
      protocol: port.protocol ?? 'TCP',
    })),
    env: Lazy.any({ produce: p.env }),
    resources: resourceRequirements(p.owner, p.resources),
    readinessProbe: p.readiness && probe(p.owner, 'readiness', p.readiness, p.ports),
    livenessProbe: p.liveness && probe(p.owner, 'liveness', p.liveness, p.ports),
    startupProbe: p.startup && probe(p.owner, 'startup', p.startup, p.ports),
    securityContext: restrictedContainerSecurityContext(security),
    volumeMounts: lazyMounts,
  };

  return {
    metadata: { labels: p.labels, annotations: p.annotations },
    spec: {
      automountServiceAccountToken: p.serviceAccountToken ?? false,
      containers: [container, ...(p.sidecars ?? []).map((sc) => sidecar(p.owner, sc, p.runAsUser))],
      enableServiceLinks: false,
      imagePullSecrets: p.imagePullSecrets.map((name) => ({ name })),
      nodeSelector: placement.nodeSelector,
      securityContext: restrictedPodSecurityContext(security),
      serviceAccountName: p.serviceAccountName,
      tolerations: placement.tolerations,
      // replicas over zones and nodes (spread.ts says how, and why soft across zones)
      topologySpreadConstraints: p.topologySpread ? spreadConstraints(p.selector, 'soft') : undefined,
      volumes: lazyVolumes,
    },
  };
}

/** A sidecar container: restricted like the main one, as its own user, with its env sorted by name. */
function sidecar(owner: string, sc: SidecarSpec, podUser: number): Container {
  const who = `${owner} sidecar "${sc.name}"`;
  const env: EnvVar[] = [
    ...Object.entries(sc.env ?? {}).map(([name, value]) => ({ name, value })),
    ...Object.entries(sc.secretEnv ?? {}).map(([name, ref]) => ({ name, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    name: sc.name,
    image: imageRef(who, sc.image),
    imagePullPolicy: 'IfNotPresent',
    args: sc.args ? [...sc.args] : undefined,
    ports: sc.ports.map((port) => ({ name: port.name, containerPort: port.targetPort ?? port.port, protocol: port.protocol ?? 'TCP' })),
    env: env.length ? env : undefined,
    resources: resourceRequirements(who, sc.resources),
    readinessProbe: sc.readiness && probe(who, 'readiness', sc.readiness, sc.ports),
    livenessProbe: sc.liveness && probe(who, 'liveness', sc.liveness, sc.ports),
    securityContext: restrictedContainerSecurityContext({ runAsUser: sc.runAsUser ?? podUser }),
  };
}

/** `/var/cache/nginx` → `var-cache-nginx`. */
export function volumeName(path: string): string {
  const name = path.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  if (!name) throw new Error(`cannot derive a volume name from the path "${path}"`);
  return name.slice(0, 63).replace(/-+$/, '');
}

/** Requests and limits from a spec, each quantity checked; extended resources are requested and limited alike. */
export function resourceRequirements(owner: string, r: ResourceSpec): { requests: Record<string, Quantity>; limits: Record<string, Quantity> } {
  assertQuantity(owner, 'resources.requests.cpu', r.requests.cpu);
  assertQuantity(owner, 'resources.requests.memory', r.requests.memory);
  assertQuantity(owner, 'resources.limits.memory', r.limits.memory);
  if (r.limits.cpu !== undefined) assertQuantity(owner, 'resources.limits.cpu', r.limits.cpu);
  const requests: Record<string, Quantity> = {
    cpu: Quantity.fromString(r.requests.cpu),
    memory: Quantity.fromString(r.requests.memory),
  };
  const limits: Record<string, Quantity> = { memory: Quantity.fromString(r.limits.memory) };
  if (r.limits.cpu !== undefined) limits.cpu = Quantity.fromString(r.limits.cpu);
  for (const [name, q] of Object.entries(r.extended ?? {})) {
    assertQuantity(owner, `resources.extended.${name}`, q);
    requests[name] = Quantity.fromString(q);
    limits[name] = Quantity.fromString(q);
  }
  return { requests, limits };
}

function probe(owner: string, kind: string, spec: ProbeSpec, ports: readonly ServicePortSpec[]): Probe {
  const portOf = (name: string): number => {
    const port = ports.find((p) => p.name === name);
    if (!port) throw new Error(`${owner}: ${kind} probe port "${name}" is not one of the exposed ports (${ports.map((p) => p.name).join(', ')})`);
    return port.targetPort ?? port.port;
  };
  const timing = {
    failureThreshold: spec.failureThreshold ?? 3,
    initialDelaySeconds: spec.initialDelaySeconds ?? 10,
    periodSeconds: spec.periodSeconds ?? 10,
    timeoutSeconds: spec.timeoutSeconds ?? 3,
  };
  if ('http' in spec) return { ...timing, httpGet: { path: spec.http.path, port: IntOrString.fromString(spec.http.port) } };
  if ('tcp' in spec) return { ...timing, tcpSocket: { port: IntOrString.fromString(spec.tcp.port) } };
  if ('grpc' in spec) return { ...timing, grpc: { port: portOf(spec.grpc.port) } };
  return { ...timing, exec: { command: [...spec.exec.command] } };
}
