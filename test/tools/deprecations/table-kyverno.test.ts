import { describeOperator } from './operator-table';

describeOperator('kyverno', {
  ClusterPolicy: ['v1 served storage', 'v2beta1 served'],
});
