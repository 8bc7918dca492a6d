import { Construct } from 'constructs';
import { KubeHorizontalPodAutoscalerV2, type MetricSpecV2 } from '../../imports/k8s';
import type { AutoscalingSpec } from './spec';

/** Props of {@link Autoscaler}. */
export interface AutoscalerProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The workload it scales. */
  readonly target: { readonly kind: 'Deployment' | 'StatefulSet'; readonly name: string };
  readonly spec: AutoscalingSpec;
}

/**
 * A HorizontalPodAutoscaler (autoscaling/v2) on CPU, and on memory when a target is given,
 * each in percent of the pods' requests.
 */
export class Autoscaler extends Construct {
  constructor(scope: Construct, id: string, props: AutoscalerProps) {
    super(scope, id);
    const metrics: MetricSpecV2[] = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: props.spec.cpuUtilization ?? 70 } },
      },
    ];
    if (props.spec.memoryUtilization !== undefined) {
      metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: props.spec.memoryUtilization } } });
    }
    new KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: props.target.kind, name: props.target.name },
        minReplicas: props.spec.minReplicas,
        maxReplicas: props.spec.maxReplicas,
        metrics,
      },
    });
  }
}
