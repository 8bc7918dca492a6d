/**
 * A value computed when the chart is synthesized rather than when the construct is built.
 *
 * Flows, env vars and mounts are declared after a workload is constructed (a dependency
 * declared by a later service, a Kafka client added by the Kafka chart). cdk8s resolves
 * any object with a `resolve()` method at synth time, before the L1 classes serialize it,
 * so a typed field can hold a lazy value.
 */
export function lazy<T>(produce: () => T): T {
  return { resolve: produce } as unknown as T;
}
