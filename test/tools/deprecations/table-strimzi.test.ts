import { describeOperator } from './operator-table';

describeOperator('strimzi', {
  Kafka: ['v1 served', 'v1beta2 served storage deprecated'],
  KafkaNodePool: ['v1 served', 'v1beta2 served storage deprecated'],
  KafkaTopic: ['v1 served', 'v1beta2 served storage deprecated', 'v1beta1 served deprecated', 'v1alpha1 served deprecated'],
  KafkaUser: ['v1 served', 'v1beta2 served storage deprecated', 'v1beta1 served deprecated', 'v1alpha1 served deprecated'],
});
