/**
 * zod schemas of the formats configuration uses, each built on the one rule in
 * lib/k8s/formats.ts so that config, constructs and the validator judge a value alike.
 */
import { z } from 'zod';
import {
  isCidr,
  isDns1035Label,
  isDnsLabel,
  isHostName,
  isIpv4Address,
  isLabelValue,
  isPinnedTag,
  isQualifiedName,
  isQuantity,
  quantityValue,
} from '../../lib/k8s/formats';

/** Strings that UTF-8, and so a manifest, can carry: no lone UTF-16 surrogate. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Any text a manifest can hold. */
export const text = z.string().refine((s) => !LONE_SURROGATE.test(s), 'must be valid Unicode (it holds a lone UTF-16 surrogate, which UTF-8 cannot carry)');
/** Text with something besides white space (`\S`, the characters String.prototype.trim keeps): a pattern, so JSON Schema carries it too. */
export const nonEmpty = text.regex(/\S/, 'must not be empty');

export const quantity = z.string().refine(isQuantity, 'must be a Kubernetes quantity such as 250m, 2, 512Mi or 4Gi');
export const dnsLabel = z
  .string()
  .refine(isDnsLabel, 'must be a DNS label: at most 63 lower-case letters, digits and -, starting and ending with a letter or digit');
export const serviceName = z.string().refine(isDns1035Label, 'must be a DNS label that starts with a letter (a Service name)');
export const hostName = z.string().refine(isHostName, 'must be a lower-case host name such as api.matih.ai');
export const cidr = z.string().refine(isCidr, 'must be a CIDR such as 10.0.0.0/16');
export const ipv4 = z.string().refine(isIpv4Address, 'must be an IPv4 address');
export const labelKey = z.string().refine(isQualifiedName, 'must be a label key such as app.kubernetes.io/name');
export const labelValue = z.string().refine(isLabelValue, 'must be a label value: at most 63 letters, digits, -, _ and ., starting and ending alphanumeric');
export const labels = z.record(labelKey, labelValue);
export const pinnedTag = z.string().refine(isPinnedTag, 'must be a pinned image tag (not "latest") or a sha256 digest');
export const registryPath = z.string().regex(/^[a-z0-9]+([._/-][a-z0-9]+)*$/, 'must be a registry path such as matih or team/app');
export const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case GUID');
export const resourceGroup = z.string().regex(/^[-\w.()]{1,89}[-\w()]$/, 'must be an Azure resource group name');
export const azureRegion = z.string().regex(/^[a-z][a-z0-9]+$/, 'must be an Azure region such as westeurope');
export const acrLoginServer = z.string().regex(/^[a-z0-9]{5,50}\.azurecr\.io$/, 'must be an ACR login server such as myacr.azurecr.io');
export const percent = z.number().int().min(1).max(100);
export const port = z.number().int().min(1).max(65535);
export const taint = z.strictObject({
  key: labelKey,
  value: labelValue,
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

/** CPU and memory requests and limits; a memory limit is required, a CPU limit optional; requests at most the limits. */
export const resources = z
  .strictObject({
    requests: z.strictObject({ cpu: quantity, memory: quantity }),
    limits: z.strictObject({ cpu: quantity.optional(), memory: quantity }),
    extended: z.record(z.string(), quantity).optional(),
  })
  .superRefine((r, ctx) => {
    const over = (field: 'cpu' | 'memory') => {
      const request = r.requests[field];
      const limit = r.limits[field];
      if (limit !== undefined && isQuantity(request) && isQuantity(limit) && quantityValue(request) > quantityValue(limit)) {
        ctx.addIssue({ code: 'custom', path: ['requests', field], message: `must be at most the limit (${limit})`, input: request });
      }
    };
    over('cpu');
    over('memory');
  });

/** HPA bounds and targets (percent of requests). */
export const autoscaling = z
  .strictObject({
    minReplicas: z.number().int().min(1).max(100),
    maxReplicas: z.number().int().min(1).max(500),
    cpuUtilization: percent,
    memoryUtilization: percent.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.minReplicas > a.maxReplicas)
      ctx.addIssue({ code: 'custom', path: ['maxReplicas'], message: `must be at least minReplicas (${a.minReplicas})`, input: a.maxReplicas });
  });
