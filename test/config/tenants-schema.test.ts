import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { loadConfig, parseTenants, reservedNames } from '../../config';
import { main } from '../../tools/cli/schema';
import { LOADER_ONLY_RULES, renderTenantsJsonSchema, TENANTS_SCHEMA_FILE } from '../../tools/config-schema/tenants';
import { readRepoFile, ROOT, runCli } from '../files';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'tenants');
const reserved = reservedNames(loadConfig(['dev', 'staging', 'prod'], readRepoFile));
const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readRepoFile(TENANTS_SCHEMA_FILE)));

/** A bad-input fixture: its text, the loader's message, and whether the JSON Schema must reject it too. */
const fixtures = fs
  .readdirSync(FIXTURES)
  .sort()
  .map((name) => {
    const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    const loader = /^# loader: (.+)$/m.exec(text)?.[1];
    const verdict = /^# json-schema: (rejects|accepts \(loader-only: (.+)\))$/m.exec(text);
    if (!loader || !verdict) throw new Error(`${name}: needs a "# loader: <message>" and a "# json-schema: rejects|accepts (loader-only: <rule>)" line`);
    return { name, text, loader, rejects: verdict[1] === 'rejects', loaderOnly: verdict[2] };
  });

describe('config/tenants.schema.json', () => {
  test("is what npm run schema generates from the loader's zod schema", () => {
    expect(readRepoFile(TENANTS_SCHEMA_FILE)).toEqual(renderTenantsJsonSchema());
    expect(runCli(main, ['--check'], { cwd: ROOT })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('config/tenants.yaml names it for yaml-language-server on its first line, and passes', () => {
    const text = readRepoFile('config/tenants.yaml');
    expect(text.split('\n')[0]).toEqual(`# yaml-language-server: $schema=./${path.basename(TENANTS_SCHEMA_FILE)}`);
    expect(validate(parse(text))).toBe(true);
  });

  test.each(fixtures.map((f) => [f.name, f] as const))('%s: the loader refuses it; the JSON Schema as marked', (_, f) => {
    expect(() => parseTenants(f.text, reserved)).toThrow(f.loader);
    expect(validate(parse(f.text))).toBe(!f.rejects);
  });

  test("every rule left to the loader is listed in the schema's description and shown by a fixture", () => {
    const description = JSON.parse(readRepoFile(TENANTS_SCHEMA_FILE)).description as string;
    for (const rule of LOADER_ONLY_RULES) expect(description).toContain(rule);
    const shown = new Set(fixtures.flatMap((f) => (f.loaderOnly ? [f.loaderOnly] : [])));
    expect([...shown].filter((rule) => !LOADER_ONLY_RULES.includes(rule))).toEqual([]);
    // the lone-surrogate and YAML rules are about the text, which no YAML fixture file can carry or JSON Schema see
    expect(LOADER_ONLY_RULES.filter((rule) => !shown.has(rule))).toEqual([
      'text holds no lone UTF-16 surrogate',
      'the file is YAML 1.2 without duplicate keys',
    ]);
  });

  test('the schema knows every setting of a tenant, with a description for the editor', () => {
    const schema = JSON.parse(readRepoFile(TENANTS_SCHEMA_FILE));
    const tenant = schema.properties.tenants.items;
    expect(Object.keys(tenant.properties)).toEqual(['slug', 'displayName', 'tier', 'environments', 'dedicatedIngress', 'acr']);
    expect(Object.values(tenant.properties as Record<string, { description?: unknown }>).every((p) => typeof p.description === 'string')).toBe(true);
    expect(tenant.additionalProperties).toBe(false);
  });
});
