import { describeOperator } from './operator-table';

describeOperator('kuberay', {
  RayCluster: ['v1 served storage', 'v1alpha1 served deprecated'],
});
