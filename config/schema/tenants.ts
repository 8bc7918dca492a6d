/**
 * `config/tenants.yaml`: the tenants, as data. One entry is a tenant; nothing else changes.
 */
import { z } from 'zod';
import { acrLoginServer, nonEmpty, resourceGroup } from './formats';
import { TENANT_TIERS } from './platform';

export const ENVIRONMENTS = ['dev', 'staging', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** 3-30 characters: `matih-tenant-<slug>` stays a valid namespace and `<slug>` a DNS label. */
export const SLUG = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/;
/** {@link SLUG} without `--`, as one pattern (a lookahead), so that the JSON Schema of the file carries the whole rule. */
const SLUG_PATTERN = new RegExp(`^(?!.*--)${SLUG.source.slice(1)}`);

const tenantSchema = z.strictObject({
  slug: z
    .string()
    .regex(
      SLUG_PATTERN,
      `must be 3-30 characters of a-z, 0-9 and '-' (no '--'), start with a letter and end with a letter or digit, so that matih-tenant-<slug> is a namespace and <slug> a DNS label (${SLUG.source})`,
    )
    .describe(
      "The tenant's name in the platform: namespace matih-tenant-<slug>, host <slug>.<tenant domain>. 3-30 characters of a-z, 0-9 and -, no --, starting with a letter, ending with a letter or digit; not a platform namespace name, kube-* or matih*.",
    ),
  displayName: nonEmpty.max(100, 'must be at most 100 characters').describe('Free text, at most 100 characters.'),
  tier: z.enum(TENANT_TIERS).describe('Sets the quota and container limits; free runs on the playground pool.'),
  environments: z
    .array(z.enum(ENVIRONMENTS))
    .min(1)
    .refine((e) => new Set(e).size === e.length, 'must not repeat an environment')
    .describe('The environments the tenant exists in, each once.'),
  /** A dedicated entry (its own Gateway and load balancer), prod only. */
  dedicatedIngress: z
    .strictObject({ resourceGroup: resourceGroup.describe("The tenant's Azure resource group, where its load balancer lives.") })
    .optional()
    .describe(
      "A dedicated entry: a Gateway of its own (what the seeds' IngressClass nginx-tenant-<slug> was) whose load balancer's public IP lives in the tenant's resource group (prod only).",
    ),
  /** The tenant's own ACR login server. */
  acr: acrLoginServer.optional().describe("The tenant's own registry login server (images synced from the platform ACR), e.g. acmecorpacr.azurecr.io."),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const tenantsFileSchema = z.strictObject({
  tenants: z.array(tenantSchema.describe('One tenant; adding a tenant is one entry.')).superRefine((tenants, ctx) => {
    const seen = new Map<string, number>();
    tenants.forEach((t, i) => {
      const first = seen.get(t.slug);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'slug'], message: `is a duplicate of tenants[${first}]`, input: t.slug });
      else seen.set(t.slug, i);
    });
  }),
});
