import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, type Chunk, type Node } from 'luaparse';
import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA } from '../../../tools/argocd/application-health';
import { ARGO_CD_CHART, ARGO_CD_VERSION, argoCdChartValues } from '../../../tools/argocd/argo-cd-values';
import { ArgoLua, luaLiteral } from './lua-sandbox';

interface Sample {
  readonly name: string;
  readonly expect: string;
  readonly officialSnippet: string;
  readonly obj: Record<string, any>;
}

const LUA_FILE = path.join(__dirname, '../../../tools/argocd/application-health.lua');
const SAMPLES: readonly Sample[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/application-statuses.json'), 'utf8')).samples;

/** The snippet of Argo CD's documentation (docs/operator-manual/health.md, "Argocd App"), for comparison. */
const DOCS_SNIPPET = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;

/** The globals a custom health script may use in Argo CD's sandbox (base library, table, os; obj). */
const SANDBOX_GLOBALS = new Set(['obj', 'assert', 'error', 'ipairs', 'next', 'pairs', 'pcall', 'rawequal', 'rawget', 'rawset', 'select',
  'setmetatable', 'getmetatable', 'tonumber', 'tostring', 'type', 'unpack', 'xpcall', 'table', 'os', 'hs']);

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
  if (node === null || typeof node !== 'object') return;
  if (typeof (node as Node).type === 'string') visit(node as Node);
  for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value, visit);
}

let lua: ArgoLua;
beforeAll(async () => {
  lua = await ArgoLua.create();
});
afterAll(async () => lua?.close());

describe('the Application health script', () => {
  test('the TypeScript constant is the .lua file, byte for byte', () => {
    expect(APPLICATION_HEALTH_LUA).toBe(fs.readFileSync(LUA_FILE, 'utf8'));
  });

  test('is Lua 5.1 (gopher-lua) syntax', () => {
    expect(() => parse(APPLICATION_HEALTH_LUA, { luaVersion: '5.1' })).not.toThrow();
    // the check has teeth: 5.2+ syntax is refused
    expect(() => parse('goto done\n::done::', { luaVersion: '5.1' })).toThrow();
    expect(() => parse('local a = 7 // 2', { luaVersion: '5.1' })).toThrow();
  });

  test('uses only the globals of Argo CD\'s sandbox, and no string methods', () => {
    // with scope: true luaparse lists the free names (globals), which its types leave out
    const chunk = parse(APPLICATION_HEALTH_LUA, { luaVersion: '5.1', scope: true }) as Chunk & { globals?: Array<{ name: string }> };
    const globals = new Set((chunk.globals ?? []).map((g) => g.name));
    expect([...globals].filter((g) => !SANDBOX_GLOBALS.has(g))).toEqual([]);
    const methodCalls: string[] = [];
    walk(chunk.body, (n) => {
      if ((n.type === 'CallExpression' || n.type === 'StringCallExpression' || n.type === 'TableCallExpression') && n.base.type === 'MemberExpression' && n.base.indexer === ':') {
        methodCalls.push(n.base.identifier.name);
      }
    });
    expect(methodCalls).toEqual([]);
  });

  test('the sandbox refuses what Argo CD refuses: string and math libraries, string methods, a non-table result', async () => {
    await expect(lua.health('return { status = string.upper("healthy") }', {})).rejects.toThrow(/string/);
    await expect(lua.health('return { status = tostring(math.floor(1)) }', {})).rejects.toThrow(/math/);
    await expect(lua.health('local s = "Healthy"; return { status = s:upper() }', {})).rejects.toThrow();
    await expect(lua.health('return "Healthy"', {})).rejects.toThrow(/expect table output/);
    expect(await lua.health('return { status = "Fine" }', {})).toEqual({ status: 'Unknown', message: 'Lua returned an invalid health status' });
  });

  test.each(SAMPLES.map((s) => [s.name, s] as const))('%s', async (_name, sample) => {
    const result = await lua.health(APPLICATION_HEALTH_LUA, sample.obj);
    expect(result.status).toBe(sample.expect);
    // never Missing or Unknown: a parent skips children with those in its own health
    expect(['Missing', 'Unknown']).not.toContain(result.status);
    if (result.status !== 'Healthy') expect(result.message).not.toBe('');
  });

  test('the documentation\'s snippet lets a wave pass where this script waits (the reason for it)', async () => {
    const official = await Promise.all(SAMPLES.map((s) => lua.health(DOCS_SNIPPET, s.obj)));
    expect(official.map((r) => r.status)).toEqual(SAMPLES.map((s) => s.officialSnippet));
    const passedEarly = SAMPLES.filter((s, i) => official[i].status === 'Healthy' && s.expect !== 'Healthy').map((s) => s.name);
    expect(passedEarly.length).toBeGreaterThanOrEqual(5);
  });

  test('messages carry the child\'s own state', async () => {
    const byName = new Map(SAMPLES.map((s) => [s.name, s]));
    const failed = byName.get('sync failed (retries exhausted) for the current revision') as Sample;
    expect((await lua.health(APPLICATION_HEALTH_LUA, failed.obj)).message).toMatch(/^Last sync Failed: /);
    const outOfSync = byName.get('last sync succeeded, OutOfSync again after a new commit') as Sample;
    expect((await lua.health(APPLICATION_HEALTH_LUA, outOfSync.obj)).message).toBe('Waiting for the Application: sync OutOfSync, health Healthy');
  });

  // Real Lua 5.1 (setfenv sandbox, as notes/argocd-app-health/run_tests.py) where the machine has it;
  // wasmoon above is what every machine runs.
  const lua51 = spawnSync('lua5.1', ['-v'], { encoding: 'utf8' }).status === 0;
  (lua51 ? test : test.skip)('lua5.1 gives the same results as wasmoon, where lua5.1 is installed', () => {
    const program = [
      `local f = assert(loadstring(${luaLiteral(APPLICATION_HEALTH_LUA)}))`,
      `for _, obj in ipairs(${luaLiteral(SAMPLES.map((s) => s.obj))}) do`,
      '  local env = {obj = obj, tostring = tostring, ipairs = ipairs, pairs = pairs, type = type, table = table}',
      '  setfenv(f, env)',
      '  io.write(f().status, "\\n")',
      'end',
    ].join('\n');
    const run = spawnSync('lua5.1', ['-'], { input: program, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual(SAMPLES.map((s) => s.expect));
  });
});

describe('the argo-cd chart values', () => {
  test('install the script under the argocd-cm key, on the v3.0.x chart with the image pinned', () => {
    const values = argoCdChartValues() as any;
    expect(values).toEqual({ global: { image: { tag: 'v3.0.23' } }, configs: { cm: { 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA } } });
    expect(APPLICATION_HEALTH_KEY).toBe('resource.customizations.health.argoproj.io_Application');
    expect(ARGO_CD_CHART).toEqual({ repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.2.7' });
    expect(ARGO_CD_VERSION).toBe('v3.0.23');
  });

  test('options set the sync timeout, the wave delay and progressive syncs, as strings', () => {
    const values = argoCdChartValues({ syncTimeoutSeconds: 3600, syncWaveDelaySeconds: 5, progressiveSyncs: true }) as any;
    expect(values.configs.params).toEqual({ 'controller.sync.timeout.seconds': '3600', 'applicationsetcontroller.enable.progressive.syncs': 'true' });
    expect(values.controller).toEqual({ env: [{ name: 'ARGOCD_SYNC_WAVE_DELAY', value: '5' }] });
    expect(() => argoCdChartValues({ syncTimeoutSeconds: -1 })).toThrow(/whole number/);
  });
});
