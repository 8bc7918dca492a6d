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

const tenantSchema = z.strictObject({
  slug: z.string().refine((s) => SLUG.test(s) && !s.includes('--'), `must be 3-30 characters of a-z, 0-9 and '-' (no '--'), start with a letter and end with a letter or digit, so that matih-tenant-<slug> is a namespace and <slug> a DNS label (${SLUG.source})`),
  displayName: nonEmpty.refine((s) => s.length <= 100, 'must be at most 100 characters'),
  tier: z.enum(TENANT_TIERS),
  environments: z.array(z.enum(ENVIRONMENTS)).min(1).refine((e) => new Set(e).size === e.length, 'must not repeat an environment'),
  /** A dedicated entry (its own Gateway and load balancer), prod only. */
  dedicatedIngress: z.strictObject({ resourceGroup }).optional(),
  /** The tenant's own ACR login server. */
  acr: acrLoginServer.optional(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const tenantsFileSchema = z.strictObject({
  tenants: z.array(tenantSchema).superRefine((tenants, ctx) => {
    const seen = new Map<string, number>();
    tenants.forEach((t, i) => {
      const first = seen.get(t.slug);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'slug'], message: `is a duplicate of tenants[${first}]`, input: t.slug });
      else seen.set(t.slug, i);
    });
  }),
});
