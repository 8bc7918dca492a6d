/** Each pinned operator's CRDs: the versions served, stored and deprecated, read from the vendored files (operator-table.ts). */
import { describeOperator } from './operator-table';

describeOperator('argo-cd', {
  Application: ['v1alpha1 served storage'],
  AppProject: ['v1alpha1 served storage'],
});

describeOperator('cert-manager', {
  Certificate: ['v1 served storage'],
  ClusterIssuer: ['v1 served storage'],
  Issuer: ['v1 served storage'],
});

describeOperator('crossplane', {
  DeploymentRuntimeConfig: ['v1beta1 served storage'],
  Provider: ['v1 served storage'],
});

describeOperator('envoy-gateway', {
  BackendTrafficPolicy: ['v1alpha1 served storage'],
  ClientTrafficPolicy: ['v1alpha1 served storage'],
  EnvoyProxy: ['v1alpha1 served storage'],
});

describeOperator('external-secrets', {
  ExternalSecret: ['v1alpha1 served deprecated', 'v1beta1 served storage'],
  SecretStore: ['v1alpha1 served deprecated', 'v1beta1 served storage'],
  ClusterSecretStore: ['v1alpha1 served deprecated', 'v1beta1 served storage'],
});

// Gateway API v1.2.1 standard channel: v1beta1 stays served through v1.6.1, and ReferenceGrant is v1beta1 only until v1.5
describeOperator('gateway-api', {
  GRPCRoute: ['v1 served storage'],
  Gateway: ['v1 served storage', 'v1beta1 served'],
  GatewayClass: ['v1 served storage', 'v1beta1 served'],
  HTTPRoute: ['v1 served storage', 'v1beta1 served'],
  ReferenceGrant: ['v1beta1 served storage'],
});

describeOperator('kuberay', {
  RayCluster: ['v1 served storage', 'v1alpha1 served deprecated'],
});

describeOperator('kyverno', {
  ClusterPolicy: ['v1 served storage', 'v2beta1 served'],
});

describeOperator('prometheus-operator', {
  PodMonitor: ['v1 served storage'],
  PrometheusRule: ['v1 served storage'],
  ServiceMonitor: ['v1 served storage'],
});

describeOperator('provider-azure', {
  ProviderConfig: ['v1beta1 served storage'],
});

describeOperator('strimzi', {
  Kafka: ['v1 served', 'v1beta2 served storage deprecated'],
  KafkaNodePool: ['v1 served', 'v1beta2 served storage deprecated'],
  KafkaTopic: ['v1 served', 'v1beta2 served storage deprecated', 'v1beta1 served deprecated', 'v1alpha1 served deprecated'],
  KafkaUser: ['v1 served', 'v1beta2 served storage deprecated', 'v1beta1 served deprecated', 'v1alpha1 served deprecated'],
});
