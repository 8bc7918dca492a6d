/**
 * The JSON Schema of `config/tenants.yaml` for editors (yaml-language-server reads the
 * `# yaml-language-server: $schema=./tenants.schema.json` line of the file), generated from
 * the zod schema the loader validates with (config/schema/tenants.ts), never written by hand.
 *
 * JSON Schema carries the shape, the enums, the patterns and the lengths. zod refinements
 * (rules over several values, or code) do not translate: they stay with the loader, listed
 * in LOADER_ONLY_RULES and in the schema's description.
 */
import { z } from 'zod';
import { TENANTS_FILE } from '../../config';
import { tenantsFileSchema } from '../../config/schema/tenants';

/** Where the schema is committed, beside the file it describes. */
export const TENANTS_SCHEMA_FILE = 'config/tenants.schema.json';

/** What `npm run synth` checks of config/tenants.yaml that the JSON Schema cannot. */
export const LOADER_ONLY_RULES: readonly string[] = [
  'no two tenants have the same slug',
  'a tenant lists an environment once',
  'a slug is not the name (or short name) of a platform or operator namespace, nor kube-* or matih*',
  'text holds no lone UTF-16 surrogate',
  'the file is YAML 1.2 without duplicate keys',
];

/** The schema as an object: draft-07, which every editor's JSON Schema support reads. */
function tenantsJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(tenantsFileSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return {
    $schema,
    title: `MATIH tenants (${TENANTS_FILE})`,
    description: `Generated from config/schema/tenants.ts by npm run schema: do not edit. The loader (npm run synth) also checks: ${LOADER_ONLY_RULES.join('; ')}.`,
    ...rest,
  };
}

/** The committed file's text. */
export function renderTenantsJsonSchema(): string {
  return `${JSON.stringify(tenantsJsonSchema(), null, 2)}\n`;
}
