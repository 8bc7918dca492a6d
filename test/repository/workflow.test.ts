import { spawnSync } from 'child_process';
import { parse } from 'yaml';
import { readRepoFile } from '../files';

const FILE = '.github/workflows/pull-request.yml';
const text = readRepoFile(FILE);
const workflow = parse(text);
const scripts = JSON.parse(readRepoFile('package.json')).scripts as Record<string, string>;
/** A step of the workflow, as far as the tests read it. */
interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
const jobs = Object.values(workflow.jobs as Record<string, { permissions?: unknown; steps: Step[] }>);
const steps: Step[] = jobs.flatMap((job) => job.steps);
const step = (action: string): Step => steps.find((s) => s.uses?.startsWith(action))!;
const runs: string[] = steps.flatMap((s) => (typeof s.run === 'string' ? [s.run] : []));

describe(FILE, () => {
  test('runs on pull_request (never pull_request_target, which hands fork code a write token)', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled']));
  });

  test('every npm command it runs exists: npm ci, npm test and each npm run script', () => {
    const commands = runs.flatMap((r) => [...r.matchAll(/\bnpm (ci|test|run(?: -s| --silent)? ([\w:-]+))/g)].map((m) => m[2] ?? m[1]));
    expect(commands).toEqual(expect.arrayContaining(['ci', 'test', 'synth', 'graph', 'schema', 'validate', 'diff', 'capacity', 'deprecations']));
    expect(commands.filter((c) => c !== 'ci' && !(c in scripts))).toEqual([]);
  });

  test('every action is pinned by a full commit SHA, with its version in a comment', () => {
    const uses = steps.flatMap((s) => (s.uses ? [s.uses] : []));
    expect(uses.length).toBeGreaterThanOrEqual(3);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
    const lines = text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l));
    expect(lines).toHaveLength(uses.length);
    for (const l of lines) expect(l).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test('permissions are minimal: read the code, write pull-request comments, nothing else, nowhere else', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    for (const job of jobs) expect(job.permissions).toBeUndefined();
    expect(step('actions/checkout@').with?.['persist-credentials']).toBe(false);
  });

  test('checks dist/ and the generated docs, posts the diff in all its parts, capacity and deprecations, and gates dangerous changes on a label', () => {
    const all = runs.join('\n');
    expect(all).toContain('git status --porcelain -- dist docs/graphs config/tenants.schema.json');
    expect(all).toMatch(/npm run -s diff -- "\$base" --markdown-out/);
    const gate = steps.find((s) => s.run?.includes('DIFF_EXIT'))!;
    expect(gate.env?.ALLOWED).toEqual("${{ contains(github.event.pull_request.labels.*.name, 'allow-dangerous') }}");
    expect(gate.run).toMatch(/3\)[\s\S]*exit 1/);
    const script = step('actions/github-script@').with?.script as string;
    expect(script).toMatch(/updateComment/);
    expect(script).toMatch(/diff-\\d\+\\.md/);
    expect(script).toContain("'capacity'");
    expect(script).toContain("'deprecations'");
  });

  test('its script is valid JavaScript and takes data from the environment, never from ${{ }} expressions', () => {
    const script = step('actions/github-script@').with?.script as string;
    expect(script).not.toContain('${{');
    const AsyncFunction = Object.getPrototypeOf(async () => {
      await Promise.resolve();
    }).constructor as new (...args: string[]) => unknown;
    expect(() => new AsyncFunction('github', 'context', 'core', 'require', script)).not.toThrow();
  });

  test('its shell steps are valid bash', () => {
    for (const run of runs) {
      const check = spawnSync('bash', ['-n'], { input: run, encoding: 'utf8' });
      expect([run.split('\n')[0], check.stderr]).toEqual([run.split('\n')[0], '']);
    }
  });
});
