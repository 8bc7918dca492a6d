import * as path from 'path';
import { ENVIRONMENTS, loadConfig } from '../../../config';
import { capacityOf, main } from '../../../tools/cli/capacity';
import { CHART_TABLE } from '../../../tools/capacity/operator-table';
import { VM_SIZES } from '../../../tools/capacity/vm-sizes';
import { discoverClusters, loadCluster } from '../../../tools/manifests/layout';
import { chartReleases } from '../../../tools/capacity/operators';
import { readRepoFile, ROOT, runCli } from '../../files';

const dist = path.join(ROOT, 'dist');
const envs = loadConfig([...ENVIRONMENTS], readRepoFile);

describe('the committed configuration and dist/', () => {
  test('every VM size a pool uses is in the size table', () => {
    const used = new Set(envs.flatMap((e) => e.clusters.flatMap((c) => Object.values(c.settings.pools).map((p) => p.vmSize))));
    expect([...used].filter((s) => !(s in VM_SIZES))).toEqual([]);
  });

  test('every chart an Application installs is in the operator table at its pinned version', () => {
    const docs = discoverClusters(dist).flatMap((c) => loadCluster(c));
    const releases = envs.flatMap((e) =>
      e.clusters.flatMap((c) =>
        chartReleases(
          docs.filter((d) => d.file.includes(`${path.sep}${e.name}${path.sep}`)),
          c.name,
        ),
      ),
    );
    expect(releases.length).toBeGreaterThan(0);
    const missing = releases
      .filter((r) => !CHART_TABLE.some((t) => t.chart === r.chart && t.version === r.version))
      .map((r) => `${r.name}: ${r.chart} ${r.version}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  let planned: ReturnType<typeof capacityOf> | undefined;
  const allPlans = () => (planned ??= capacityOf(dist, ENVIRONMENTS));

  test('fits: no capacity error in any environment, every configured pool planned', () => {
    const plans = allPlans();
    expect(plans.flatMap((c) => c.findings.filter((f) => f.severity === 'error').map((f) => `${f.where}: ${f.message}`))).toEqual([]);
    expect(plans.map((c) => `${c.env}/${c.cluster}: ${c.pools.map((p) => p.pool.name).join(' ')}`)).toEqual(
      envs.flatMap((e) => e.clusters.map((c) => `${e.name}/${c.name}: ${Object.keys(c.settings.pools).join(' ')}`)),
    );
    // Argo CD runs on the management cluster only
    const argo = plans.map((c) => c.pools.some((p) => p.workloads.some((g) => g.name.startsWith('argo-cd '))));
    expect(plans.filter((_, i) => argo[i]).map((c) => c.cluster)).toEqual(envs.map((e) => e.platform.gitops.managementCluster));
  });

  test("the NVIDIA device plugin's DaemonSet is on every node of exactly the pools with GPUs, at its requests, and makes their GPUs allocatable", () => {
    const plans = allPlans();
    const rows = plans.flatMap((c) =>
      c.pools.map((p) => {
        const plugin = p.daemonSets.filter((g) => g.name.startsWith('nvidia-device-plugin device-plugin '));
        return { pool: `${c.env}/${c.cluster}/${p.pool.name}`, plugins: plugin.map((g) => g.requests), allocatableGpus: p.free.gpu };
      }),
    );
    const expected = plans.flatMap((c) =>
      c.pools.map((p) => ({
        pool: `${c.env}/${c.cluster}/${p.pool.name}`,
        plugins: p.size.gpus > 0 ? [{ cpu: 10, memory: 64 * 2 ** 20, gpu: 0, pods: 1 }] : [],
        allocatableGpus: p.size.gpus,
      })),
    );
    expect(rows).toEqual(expected);
    expect(rows.filter((r) => r.plugins.length > 0).map((r) => r.pool)).toEqual(['dev/matih-dev/gpu', 'staging/matih-staging/gpu', 'prod/matih-prod/gpu']);
    expect(plans.flatMap((c) => c.findings.filter((f) => f.rule === 'capacity/gpus-not-advertised'))).toEqual([]);
  });
});

describe('npm run capacity', () => {
  test('prints each pool of the environment and exits 0 when everything fits', () => {
    const run = runCli(main, ['--env', 'prod'], { cwd: ROOT });
    expect(run.stderr).toEqual('');
    expect(run.status).toEqual(0);
    expect(run.stdout).toMatch(/^prod\/matih-prod \(Kubernetes 1\.29\)$/m);
    expect(run.stdout).toMatch(/^ {2}dataplane: 3-10 × Standard_D8s_v3 \(8 vCPU, 32 GiB\), max 110 pods$/m);
    expect(run.stdout).not.toContain('staging/');
  });

  test('--markdown prints a table per cluster', () => {
    const run = runCli(main, ['--env', 'staging', '--markdown'], { cwd: ROOT });
    expect(run.stdout.startsWith('## Capacity\n')).toBe(true);
    expect(run.stdout).toContain('### staging/matih-staging (Kubernetes 1.29)\n\n| pool | VM size | nodes |');
  });

  test('an unknown environment or a missing folder is a usage error', () => {
    expect(runCli(main, ['--env', 'qa'], { cwd: ROOT })).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown environment "qa"') });
    expect(runCli(main, ['no-such-folder'], { cwd: ROOT })).toMatchObject({ status: 2, stderr: expect.stringContaining('no-such-folder: no such folder') });
  });
});
