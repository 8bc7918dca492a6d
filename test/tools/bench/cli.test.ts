import { parseTenants } from '../../../config';
import { tenantsYaml } from '../../../tools/bench/cases';
import { main } from '../../../tools/cli/bench';
import { runCli } from '../../files';

describe('npm run bench, command line', () => {
  test('--help prints the usage and exits 0', () => {
    const r = runCli(main, ['--help']);
    expect(r.status).toEqual(0);
    expect(r.stdout).toContain('usage: npm run bench -- [--quick]');
    expect(r.stdout).toContain('--no-fail');
  });

  test('an unknown flag exits 2 with the usage', () => {
    const r = runCli(main, ['--fast']);
    expect(r.status).toEqual(2);
    expect(r.stderr).toContain("bench: Unknown option '--fast'");
    expect(r.stderr).toContain('usage: npm run bench');
  });

  test.each([
    [['--runs', '0'], '--runs must be'],
    [['--runs=two'], '--runs must be'],
    [['--runs', '3,4'], '--runs must be one positive integer'],
    [['--tenants', '10,ten'], '--tenants must be'],
    [['--scale-runs=-1'], '--scale-runs must be'],
  ])('%j is a usage mistake (exit 2)', (argv, message) => {
    const r = runCli(main, argv);
    expect(r.status).toEqual(2);
    expect(r.stderr).toContain(message);
  });
});

describe('generated tenants', () => {
  test('are a valid tenant list, every tenant in every environment, one in ten with a dedicated ingress', () => {
    const tenants = parseTenants(tenantsYaml(21), new Set());
    expect(tenants).toHaveLength(21);
    expect(new Set(tenants.map((t) => t.slug)).size).toEqual(21);
    expect(tenants.every((t) => t.environments.length === 3)).toBe(true);
    expect(tenants.filter((t) => t.dedicatedIngress !== undefined)).toHaveLength(3);
  });
});
