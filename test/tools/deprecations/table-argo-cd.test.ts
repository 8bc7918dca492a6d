import { describeOperator } from './operator-table';

describeOperator('argo-cd', {
  Application: ['v1alpha1 served storage'],
  AppProject: ['v1alpha1 served storage'],
});
