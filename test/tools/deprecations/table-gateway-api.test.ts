import { describeOperator } from './operator-table';

// Gateway API v1.2.1 standard channel: v1beta1 stays served through v1.6.1, and ReferenceGrant is v1beta1 only until v1.5
describeOperator('gateway-api', {
  GRPCRoute: ['v1 served storage'],
  Gateway: ['v1 served storage', 'v1beta1 served'],
  GatewayClass: ['v1 served storage', 'v1beta1 served'],
  HTTPRoute: ['v1 served storage', 'v1beta1 served'],
  ReferenceGrant: ['v1beta1 served storage'],
});
