/**
 * The part of KubeRay's RayCluster (`ray.io/v1`, CRD imports/crds/kuberay/) that the platform
 * sets, typed by hand: `cdk8s import` of the 934 KB CRD would generate its own copy of every
 * Kubernetes pod type. Pod templates and resources reuse the Kubernetes types of imports/k8s.
 */
import {
  type PodTemplateSpec,
  type ResourceRequirements,
  type SecurityContext,
  toJson_PodTemplateSpec,
  toJson_ResourceRequirements,
  toJson_SecurityContext,
} from '../../imports/k8s';

/** The RayCluster's API version and kind. */
export const RAY_CLUSTER_GVK = { apiVersion: 'ray.io/v1', kind: 'RayCluster' } as const;

/** The in-tree autoscaler's settings (`spec.autoscalerOptions`). */
export interface AutoscalerOptions {
  /** Seconds a worker is idle before it is removed. */
  readonly idleTimeoutSeconds?: number;
  readonly upscalingMode?: 'Default' | 'Aggressive' | 'Conservative';
  /** The autoscaler sidecar's resources (KubeRay's default: 500m and 512Mi, requests equal to limits). */
  readonly resources?: ResourceRequirements;
  /** The sidecar's security context; KubeRay sets none, and a given one replaces its fields whole. */
  readonly securityContext?: SecurityContext;
}

/** The head group (`spec.headGroupSpec`). */
export interface HeadGroupSpec {
  /** `ray start` flags without the dashes, values as strings. */
  readonly rayStartParams: Readonly<Record<string, string>>;
  /** The head pod; the Ray container must come first. */
  readonly template: PodTemplateSpec;
}

/** One worker group (`spec.workerGroupSpecs[]`). */
export interface WorkerGroupSpec {
  readonly groupName: string;
  /** The replicas to start with; the autoscaler owns the count afterwards. */
  readonly replicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly rayStartParams: Readonly<Record<string, string>>;
  readonly template: PodTemplateSpec;
}

/** `spec` of a RayCluster. */
export interface RayClusterSpec {
  /** The Ray release of the images. */
  readonly rayVersion: string;
  readonly enableInTreeAutoscaling: boolean;
  readonly autoscalerOptions?: AutoscalerOptions;
  readonly headGroupSpec: HeadGroupSpec;
  readonly workerGroupSpecs: readonly WorkerGroupSpec[];
}

/** The spec as the API server reads it. */
export function rayClusterSpecJson(spec: RayClusterSpec): Record<string, unknown> {
  const a = spec.autoscalerOptions;
  return {
    rayVersion: spec.rayVersion,
    enableInTreeAutoscaling: spec.enableInTreeAutoscaling,
    autoscalerOptions: a && {
      idleTimeoutSeconds: a.idleTimeoutSeconds,
      upscalingMode: a.upscalingMode,
      resources: toJson_ResourceRequirements(a.resources),
      securityContext: toJson_SecurityContext(a.securityContext),
    },
    headGroupSpec: { rayStartParams: { ...spec.headGroupSpec.rayStartParams }, template: toJson_PodTemplateSpec(spec.headGroupSpec.template) },
    workerGroupSpecs: spec.workerGroupSpecs.map((w) => ({
      groupName: w.groupName,
      replicas: w.replicas,
      minReplicas: w.minReplicas,
      maxReplicas: w.maxReplicas,
      rayStartParams: { ...w.rayStartParams },
      template: toJson_PodTemplateSpec(w.template),
    })),
  };
}
