/**
 * The Azure VM sizes the node pools use (config/pools.ts), as Microsoft Learn publishes them:
 * vCPUs, memory and GPUs. A size that is not here stops `npm run capacity` with a message
 * naming the pool: add its row, with its source, before using it.
 *
 * Read from the Markdown sources of learn.microsoft.com (MicrosoftDocs/azure-compute-docs) at
 * the commits named; memory is GiB (the size pages say "Memory (GiB)" or "Memory: GiB").
 */

/** When the table was last checked against its sources. Bump it with every change of a row. */
export const VM_SIZES_VERSION = '2026-08';

const LEARN = 'https://learn.microsoft.com/azure/virtual-machines/sizes';
const DOCS = 'MicrosoftDocs/azure-compute-docs';

/** One VM size. */
export interface VmSize {
  readonly vcpus: number;
  readonly memoryGiB: number;
  /** GPUs on the node (`nvidia.com/gpu` once the device plugin advertises them). */
  readonly gpus: number;
  readonly gpuModel?: string;
  /** The size page, and the markdown file and commit it was read from. */
  readonly source: string;
  /** Retirement or capacity restrictions a planner must know. */
  readonly lifecycle?: string;
}

const DSV3 = `${LEARN}/general-purpose/dsv3-series (${DOCS} articles/virtual-machines/sizes/general-purpose/dsv3-series.md @ 1827cf35)`;
const DSV5 = `${LEARN}/general-purpose/dsv5-series (${DOCS} articles/virtual-machines/sizes/general-purpose/dsv5-series.md @ 005f8f6e)`;
const ESV3 = `${LEARN}/memory-optimized/ev3-esv3-series (${DOCS} articles/virtual-machines/sizes/memory-optimized/ev3-esv3-series.md @ 680de971)`;
const NCAST4 = `${LEARN}/gpu-accelerated/ncast4v3-series (${DOCS} articles/virtual-machines/sizes/gpu-accelerated/ncast4v3-series.md @ 2bc777fd)`;
// retirements-and-capacity-restrictions.md @ 680de971
const V3_END_OF_LIFE = 'Dv3/Esv3 are end of life: no new quota since July 2026, retired 2029-11-15 (move to v5 or later)';

/** The sizes, by their Azure name. */
export const VM_SIZES: Readonly<Record<string, VmSize>> = {
  Standard_D2s_v3: { vcpus: 2, memoryGiB: 8, gpus: 0, source: DSV3, lifecycle: V3_END_OF_LIFE },
  Standard_D4s_v3: { vcpus: 4, memoryGiB: 16, gpus: 0, source: DSV3, lifecycle: V3_END_OF_LIFE },
  Standard_D8s_v3: { vcpus: 8, memoryGiB: 32, gpus: 0, source: DSV3, lifecycle: V3_END_OF_LIFE },
  Standard_E16s_v3: { vcpus: 16, memoryGiB: 128, gpus: 0, source: ESV3, lifecycle: V3_END_OF_LIFE },
  Standard_D2s_v5: { vcpus: 2, memoryGiB: 8, gpus: 0, source: DSV5 },
  Standard_D4s_v5: { vcpus: 4, memoryGiB: 16, gpus: 0, source: DSV5 },
  Standard_NC4as_T4_v3: { vcpus: 4, memoryGiB: 28, gpus: 1, gpuModel: 'NVIDIA T4 16 GB', source: NCAST4 },
};

/** The row of `name`. @throws naming `where` (the pool) when the table has no such size */
export function vmSize(name: string, where: string): VmSize {
  const size = Object.hasOwn(VM_SIZES, name) ? VM_SIZES[name] : undefined;
  if (!size) {
    throw new Error(
      `${where}: VM size ${name} is not in tools/capacity/vm-sizes.ts (known: ${Object.keys(VM_SIZES).join(', ')}); add its vCPUs, memory and GPUs with their source`,
    );
  }
  return size;
}
