import * as fc from 'fast-check';
import { RESOURCE_NAMES, type Resources } from '../../../tools/capacity/model';
import { pack } from '../../../tools/capacity/plan';
import { EVICTION_THRESHOLD_BYTES, kubeReservedCpu, kubeReservedMemory, nodeReservation } from '../../../tools/capacity/reservations';
import { VM_SIZES } from '../../../tools/capacity/vm-sizes';

const MI = 1024 * 1024;

describe('AKS reservations (Kubernetes 1.29+)', () => {
  test('kube-reserved CPU is the published table, and nothing is invented for other core counts', () => {
    expect([1, 2, 4, 8, 16, 32, 64].map(kubeReservedCpu)).toEqual([60, 100, 140, 180, 260, 420, 740]);
    expect(() => kubeReservedCpu(6)).toThrow('AKS publishes no kube-reserved CPU for 6 cores');
  });

  test('kube-reserved memory: 20 MiB × max pods + 50 MiB, capped at 25 % of the node', () => {
    // the docs' example: 8 GB, 30 pods → 650 MB; 4 GB, 70 pods → 25 % = 1000 MB rather than 1450
    expect(kubeReservedMemory(8192 * MI, 30)).toEqual(650 * MI);
    expect(kubeReservedMemory(4096 * MI, 70)).toEqual(1024 * MI);
    expect(kubeReservedMemory(32768 * MI, 250)).toEqual(5050 * MI);
  });

  test('a real AKS node agrees: Standard_B8ms at 110 pods reports capacity 32864156Ki and allocatable 30457756Ki', () => {
    const capacityKi = 32864156;
    const reserved = kubeReservedMemory(capacityKi * 1024, 110) + EVICTION_THRESHOLD_BYTES;
    expect(capacityKi - reserved / 1024).toEqual(30457756);
    expect(8000 - kubeReservedCpu(8)).toEqual(7820);
  });

  test('the worked examples of the research notes (nominal memory)', () => {
    const alloc = (size: string, pods: number) => nodeReservation(VM_SIZES[size], pods).allocatable;
    expect(alloc('Standard_D4s_v3', 110)).toEqual({ cpu: 3860, memory: 14034 * MI, gpu: 0, pods: 110 });
    expect(alloc('Standard_D2s_v5', 110)).toEqual({ cpu: 1900, memory: 6044 * MI, gpu: 0, pods: 110 });
    expect(alloc('Standard_D8s_v3', 250).memory).toEqual(27618 * MI);
    expect(alloc('Standard_E16s_v3', 30).memory).toEqual(130322 * MI);
    expect(alloc('Standard_NC4as_T4_v3', 110)).toEqual({ cpu: 3860, memory: 26322 * MI, gpu: 1, pods: 110 });
  });

  test('every size in the table has a published CPU row and a source', () => {
    for (const size of Object.values(VM_SIZES)) {
      expect(() => kubeReservedCpu(size.vcpus)).not.toThrow();
      expect(size.source).toMatch(/^https:\/\/learn\.microsoft\.com\/.+ @ [0-9a-f]{8}\)$/);
    }
  });

  test('property: allocatable memory is what is left after the lesser reservation and 100Mi', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 1 << 20 }), fc.integer({ min: 10, max: 250 }), (memMi, pods) => {
        const reserved = kubeReservedMemory(memMi * MI, pods);
        expect(reserved).toBeLessThanOrEqual((20 * pods + 50) * MI);
        expect(reserved).toBeLessThanOrEqual((memMi * MI) / 4);
        expect(reserved === (20 * pods + 50) * MI || reserved === Math.floor((memMi * MI) / 4)).toBe(true);
      }),
    );
  });
});

describe('first-fit-decreasing packing', () => {
  const free: Resources = { cpu: 4000, memory: 16 * 1024 * MI, gpu: 2, pods: 30 };
  const pod = fc.record({
    cpu: fc.integer({ min: 0, max: 4000 }),
    memory: fc.integer({ min: 0, max: 16 * 1024 }).map((m) => m * MI),
    gpu: fc.integer({ min: 0, max: 2 }),
    pods: fc.constant(1),
  });

  test('packs 6 pods of 1.5 CPU on 3 nodes of 4 CPU (two each)', () => {
    const { nodes, rooms, left } = pack(Array(6).fill({ cpu: 1500, memory: MI, gpu: 0, pods: 1 }), free);
    expect(nodes).toEqual(3);
    expect(rooms.map((r) => r.cpu)).toEqual([1000, 1000, 1000]);
    expect(left).toEqual({ cpu: 3000, memory: 3 * 16 * 1024 * MI - 6 * MI, gpu: 6, pods: 84 });
  });

  test('property: never overfills a node, never uses more nodes than pods, never fewer than the totals need', () => {
    fc.assert(
      fc.property(fc.array(pod, { maxLength: 60 }), (pods) => {
        const { nodes, rooms, left } = pack(pods, free);
        expect(rooms.every((room) => RESOURCE_NAMES.every((r) => room[r] >= 0))).toBe(true);
        for (const r of RESOURCE_NAMES) {
          const total = pods.reduce((s, p) => s + p[r], 0);
          expect(left[r]).toEqual(nodes * free[r] - total);
          expect(nodes).toBeGreaterThanOrEqual(Math.ceil(total / free[r]));
        }
        expect(nodes).toBeLessThanOrEqual(pods.length);
      }),
    );
  });
});
