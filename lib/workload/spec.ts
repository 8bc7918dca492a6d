/**
 * The plain-data parts of a service declaration: image, ports, resources, probes,
 * autoscaling, storage. Each is validated where it is turned into Kubernetes fields, by the
 * rules of lib/k8s/formats.ts.
 */
import { isPinnedTag, isQuantity } from '../k8s/formats';

/** A container image in a registry, pinned by tag or digest. */
export interface ContainerImage {
  /** Registry host and path prefix, e.g. `myacr.azurecr.io/team`. */
  readonly registry: string;
  /** Repository under the registry, e.g. `iam-service`. */
  readonly repository: string;
  /** A pinned tag (`1.4.2`) or a digest (`sha256:...`). `latest` is refused. */
  readonly tag: string;
}

/** `registry/repository:tag` (or `@sha256:...`), after checking the tag is pinned. */
export function imageRef(owner: string, image: ContainerImage): string {
  if (!isPinnedTag(image.tag)) {
    throw new Error(`${owner}: image tag "${image.tag}" must be a pinned tag (not "latest") or a sha256 digest`);
  }
  return image.tag.startsWith('sha256:') ? `${image.registry}/${image.repository}@${image.tag}` : `${image.registry}/${image.repository}:${image.tag}`;
}

/** A port the service exposes. */
export interface ServicePortSpec {
  /** IANA-style port name, e.g. `http`, `grpc`, `bolt`. Referenced by dependencies and probes. */
  readonly name: string;
  /** The Service port. */
  readonly port: number;
  /** The container port. @default port */
  readonly targetPort?: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
  /** URL scheme used when another service's env var points at this port. @default 'http' */
  readonly scheme?: string;
  /** `appProtocol` for the Service port (e.g. `http`, `grpc`, `kubernetes.io/h2c`). @default none */
  readonly appProtocol?: string;
}

/** CPU and memory requests and limits, as Kubernetes quantities. */
export interface ResourceSpec {
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** A memory limit is required; a CPU limit is optional (throttling hurts latency more than it protects). */
  readonly limits: { readonly cpu?: string; readonly memory: string };
  /** Extended resources requested and limited alike, e.g. `{ 'nvidia.com/gpu': '1' }`. @default none */
  readonly extended?: Readonly<Record<string, string>>;
}

/** Throws unless `q` is a Kubernetes quantity such as `250m`, `1.5`, `512Mi`. */
export function assertQuantity(owner: string, field: string, q: string): void {
  if (typeof q !== 'string' || !isQuantity(q)) {
    throw new Error(`${owner}: '${field}' "${q}" is not a Kubernetes quantity (e.g. 250m, 2, 512Mi, 4Gi)`);
  }
}

/** How the kubelet checks the container. */
export type ProbeSpec =
  | ({ readonly http: { readonly path: string; readonly port: string } } & ProbeTiming)
  | ({ readonly tcp: { readonly port: string } } & ProbeTiming)
  | ({ readonly grpc: { readonly port: string } } & ProbeTiming)
  | ({ readonly exec: { readonly command: readonly string[] } } & ProbeTiming);

/** Probe timings in seconds. */
export interface ProbeTiming {
  /** @default 10 */
  readonly initialDelaySeconds?: number;
  /** @default 10 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly failureThreshold?: number;
}

/** Horizontal autoscaling bounds and targets. */
export interface AutoscalingSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Target average CPU utilization in percent of requests. @default 70 */
  readonly cpuUtilization?: number;
  /** Target average memory utilization in percent of requests. @default none */
  readonly memoryUtilization?: number;
}

/**
 * Bounds of a Deployment's rolling update, each a count of pods or a percentage of the
 * desired replicas (`'25%'`).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
export interface RollingUpdateSpec {
  /** Pods created above the desired count during an update. @default '25%' */
  readonly maxSurge?: number | string;
  /** Pods that may be unavailable during an update. @default 1 with more than one replica, else 0 */
  readonly maxUnavailable?: number | string;
}

/** A persistent volume per replica; makes the workload a StatefulSet. */
export interface StorageSpec {
  /** Where the volume is mounted. */
  readonly mountPath: string;
  /** Size as a quantity, e.g. `50Gi`. */
  readonly size: string;
  /** e.g. AKS `managed-csi-premium`. */
  readonly storageClassName: string;
}

/** Metrics endpoint scraped by Prometheus through a ServiceMonitor. */
export interface MetricsSpec {
  /** Name of the exposed port (the workload's or a sidecar's) that serves metrics. */
  readonly port: string;
  /** @default '/metrics' */
  readonly path?: string;
  /** More paths on the same port, each scraped as an endpoint of its own (Spark's executor metrics). @default none */
  readonly extraPaths?: readonly string[];
  /** @default '30s' */
  readonly interval?: string;
  /** A Secret key holding the bearer token the endpoint requires. @default none */
  readonly bearerToken?: SecretKeyRef;
  /** A Secret key holding the user name of HTTP basic authentication without a password. @default none */
  readonly basicAuthUser?: SecretKeyRef;
}

/**
 * A helper container beside the workload's own, such as a metrics exporter: its own pinned
 * image, ports (added to the workload's Service), env and user, with the same restricted
 * security context and read-only root filesystem.
 */
export interface SidecarSpec {
  /** The container's name; unique in the pod. */
  readonly name: string;
  readonly image: ContainerImage;
  /** Ports it serves; each becomes a port of the workload's Service. */
  readonly ports: readonly ServicePortSpec[];
  readonly resources: ResourceSpec;
  /** Non-zero UID it runs as (its image's user, when that is a name the kubelet cannot check). @default the workload's */
  readonly runAsUser?: number;
  /** Plain env vars. @default none */
  readonly env?: Readonly<Record<string, string>>;
  /** Env vars from Secret keys. @default none */
  readonly secretEnv?: Readonly<Record<string, SecretKeyRef>>;
  /** @default the image's arguments */
  readonly args?: readonly string[];
  /** Probes on its own ports. @default none */
  readonly readiness?: ProbeSpec;
  readonly liveness?: ProbeSpec;
}

/** An env var whose value comes from a key of a Secret. */
export interface SecretKeyRef {
  readonly secret: string;
  readonly key: string;
}

/**
 * The annotation by which a ConfigMap says that one of its keys (the annotation's value) is
 * a pod template that a program starts pods from (Spark's executor template): the validator
 * checks that template like a workload's.
 */
export const POD_TEMPLATE_ANNOTATION = 'matih.ai/pod-template';

/** A ConfigMap volume mounted read-only into the main container. */
export interface ConfigMapMount {
  readonly configMap: string;
  readonly mountPath: string;
}

/** A Secret volume mounted read-only into the container. */
export interface SecretMount {
  readonly secret: string;
  readonly mountPath: string;
}
