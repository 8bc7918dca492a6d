import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'luaparse';
import { APPLICATION_HEALTH_LUA } from '../../../charts/argocd/health/application';
import { ArgoLua, sandboxViolations } from './lua-sandbox';

interface Sample {
  readonly name: string;
  readonly expect: string;
  readonly officialSnippet: string;
  readonly obj: Record<string, unknown>;
}

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

let lua: ArgoLua;
beforeAll(async () => {
  lua = await ArgoLua.create();
});
afterAll(async () => lua?.close());

describe('the Application health script', () => {
  test('is Lua 5.1 (gopher-lua) syntax', () => {
    expect(() => parse(APPLICATION_HEALTH_LUA, { luaVersion: '5.1' })).not.toThrow();
    // the check has teeth: 5.2+ syntax is refused
    expect(() => parse('goto done\n::done::', { luaVersion: '5.1' })).toThrow();
    expect(() => parse('local a = 7 // 2', { luaVersion: '5.1' })).toThrow();
  });

  test("uses only the globals of Argo CD's sandbox, and no string methods", () => {
    expect(sandboxViolations(APPLICATION_HEALTH_LUA)).toEqual([]);
    // the check has teeth
    expect(sandboxViolations('local s = "x"; return { status = s:upper(), message = string.lower(s) }')).toEqual(['global string', 'method call upper']);
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

  test("the documentation's snippet lets a wave pass where this script waits (the reason for it)", async () => {
    const official = await Promise.all(SAMPLES.map((s) => lua.health(DOCS_SNIPPET, s.obj)));
    expect(official.map((r) => r.status)).toEqual(SAMPLES.map((s) => s.officialSnippet));
    const passedEarly = SAMPLES.filter((s, i) => official[i].status === 'Healthy' && s.expect !== 'Healthy').map((s) => s.name);
    expect(passedEarly.length).toBeGreaterThanOrEqual(5);
  });

  test("messages carry the child's own state", async () => {
    const byName = new Map(SAMPLES.map((s) => [s.name, s]));
    const failed = byName.get('sync failed (retries exhausted) for the current revision') as Sample;
    expect((await lua.health(APPLICATION_HEALTH_LUA, failed.obj)).message).toMatch(/^Last sync Failed: /);
    const outOfSync = byName.get('last sync succeeded, OutOfSync again after a new commit') as Sample;
    expect((await lua.health(APPLICATION_HEALTH_LUA, outOfSync.obj)).message).toBe('Waiting for the Application: sync OutOfSync, health Healthy');
  });
});
