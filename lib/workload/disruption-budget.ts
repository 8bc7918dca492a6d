import { Construct } from 'constructs';
import { IntOrString, KubePodDisruptionBudget } from '../../imports/k8s';

/** Props of {@link DisruptionBudget}. */
export interface DisruptionBudgetProps {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  /** The fewest replicas the workload runs; a budget needs at least two. */
  readonly replicasFloor: number;
}

/**
 * A PodDisruptionBudget that lets a drain take one pod at a time. A workload that can run
 * with a single replica gets none: `maxUnavailable: 1` on one pod would let a drain take
 * it, and `minAvailable: 1` would block node drains and AKS upgrades for good.
 */
export class DisruptionBudget extends Construct {
  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    if (props.replicasFloor < 2) {
      throw new Error(`service "${props.name}": a PodDisruptionBudget needs at least two replicas (got ${props.replicasFloor})`);
    }
    new KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...props.labels } },
      spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: { ...props.selector } } },
    });
  }
}
