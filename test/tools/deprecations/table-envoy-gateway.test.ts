import { describeOperator } from './operator-table';

describeOperator('envoy-gateway', {
  BackendTrafficPolicy: ['v1alpha1 served storage'],
  ClientTrafficPolicy: ['v1alpha1 served storage'],
  EnvoyProxy: ['v1alpha1 served storage'],
});
