import { describeOperator } from './operator-table';

describeOperator('cert-manager', {
  Certificate: ['v1 served storage'],
  ClusterIssuer: ['v1 served storage'],
  Issuer: ['v1 served storage'],
});
