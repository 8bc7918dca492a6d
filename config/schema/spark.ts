/**
 * Spark Connect's executors (docs/monitoring.md, charts/spark.ts): the ports the driver and
 * the executors talk on, fixed so that NetworkPolicies can name them, and the bounds and size
 * of the executors the driver starts on the compute pool.
 */
import { z } from 'zod';
import { port, quantity } from './formats';

/** Ports the Spark Connect server already serves, which the driver's own ports may not take. */
const TAKEN = [15002, 4040];

export const sparkSchema = z
  .strictObject({
    /** `spark.driver.port`: the executors' RPC connections to the driver. */
    driverPort: port,
    /** `spark.blockManager.port`: block transfers, on the driver and on every executor. */
    blockManagerPort: port,
    executors: z.strictObject({
      /** `spark.dynamicAllocation.minExecutors` (and the initial count). */
      min: z.number().int().min(0).max(100),
      /** `spark.dynamicAllocation.maxExecutors`. */
      max: z.number().int().min(1).max(500),
      /** `spark.executor.cores`, also the CPU request of each executor. */
      cores: z.number().int().min(1).max(16),
      /** `spark.executor.memory` as a Kubernetes quantity (the pod requests it plus the overhead). */
      memory: quantity,
      /** `spark.executor.memoryOverhead`, off-heap memory on top. */
      memoryOverhead: quantity,
    }),
  })
  .superRefine((s, ctx) => {
    if (s.driverPort === s.blockManagerPort)
      ctx.addIssue({ code: 'custom', path: ['driverPort'], message: 'must differ from blockManagerPort', input: s.driverPort });
    for (const field of ['driverPort', 'blockManagerPort'] as const) {
      if (TAKEN.includes(s[field]))
        ctx.addIssue({ code: 'custom', path: [field], message: `must not be a port Spark Connect already serves (${TAKEN.join(', ')})`, input: s[field] });
    }
    if (s.executors.min > s.executors.max)
      ctx.addIssue({ code: 'custom', path: ['executors', 'max'], message: `must be at least executors.min (${s.executors.min})`, input: s.executors.max });
  });
