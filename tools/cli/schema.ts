/**
 * `npm run schema [-- --check]`
 *
 * Writes config/tenants.schema.json, the JSON Schema editors use for config/tenants.yaml,
 * from the zod schema the loader validates with (tools/config-schema/tenants.ts).
 *
 * Exit code: 0 written (or current, with --check), 1 stale (--check), 2 usage error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderTenantsJsonSchema, TENANTS_SCHEMA_FILE } from '../config-schema/tenants';
import { REPO_ROOT } from '../repo';
import { parseCommandLine, PROCESS_OUTPUT, type Output } from './command-line';

const USAGE = `usage: npm run schema -- [--check]

  --check   write nothing; exit 1 when ${TENANTS_SCHEMA_FILE} is not what would be written

exit code: 0 written or current, 1 stale (--check), 2 usage error`;

/** Writes or checks the schema; returns the exit code. */
export function main(argv: readonly string[], out: Output = PROCESS_OUTPUT): number {
  const parsed = parseCommandLine('schema', argv, { usage: USAGE, options: { check: { type: 'boolean' } } }, out);
  if (typeof parsed === 'number') return parsed;
  const file = path.join(REPO_ROOT, TENANTS_SCHEMA_FILE);
  const text = renderTenantsJsonSchema();
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (parsed.values.check) {
    if (current === text) return 0;
    out.stderr(`schema: ${TENANTS_SCHEMA_FILE} is ${current === undefined ? 'missing' : 'stale'}: run npm run schema\n`);
    return 1;
  }
  if (current !== text) fs.writeFileSync(file, text);
  out.stdout(`schema: ${TENANTS_SCHEMA_FILE} ${current === text ? 'unchanged' : 'written'}\n`);
  return 0;
}
