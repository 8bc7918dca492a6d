import { describeOperator } from './operator-table';

describeOperator('external-secrets', {
  ExternalSecret: ['v1alpha1 served deprecated', 'v1beta1 served storage'],
  SecretStore: ['v1alpha1 served deprecated', 'v1beta1 served storage'],
  ClusterSecretStore: ['v1alpha1 served deprecated', 'v1beta1 served storage'],
});
