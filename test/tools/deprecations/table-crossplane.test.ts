import { describeOperator } from './operator-table';

describeOperator('crossplane', {
  DeploymentRuntimeConfig: ['v1beta1 served storage'],
  Provider: ['v1 served storage'],
});
