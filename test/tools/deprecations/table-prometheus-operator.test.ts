import { describeOperator } from './operator-table';

describeOperator('prometheus-operator', {
  PodMonitor: ['v1 served storage'],
  PrometheusRule: ['v1 served storage'],
  ServiceMonitor: ['v1 served storage'],
});
