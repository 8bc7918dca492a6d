/**
 * Health of External Secrets' ExternalSecret, ClusterSecretStore and SecretStore (one
 * script for their argocd-cm keys).
 *
 * It keeps the logic of Argo CD's built-in scripts (resource_customizations/external-secrets.io,
 * v3.0.23: `Ready=False` is Degraded, `Ready=True` Healthy) and adds the generation where ESO
 * records it: an ExternalSecret's `status.syncedResourceVersion` is `<generation>-<hash of
 * labels and annotations>`, written when a sync succeeds (pkg/controllers/externalsecret
 * `markAsDone`, `getResourceVersion` at v0.13.0). So a Ready=True for an older generation is
 * a secret synced from the previous spec: wait. The stores record no generation.
 *
 * The prefix test needs no string library (which Argo CD's sandbox does not open): `v` starts
 * with `p .. "-"` exactly when `p .. "-" <= v < p .. "."`, as "." is the byte after "-" and
 * gopher-lua compares strings byte by byte.
 */
import { LUA_PRELUDE, LUA_CONDITIONS } from './lua';

/** Lua 5.1 for Argo CD's sandbox: base library, `table`, no `string`/`math`, no string methods. */
export const EXTERNAL_SECRETS_HEALTH_LUA = String.raw`-- Health of an ExternalSecret, ClusterSecretStore or SecretStore for sync waves.
${LUA_PRELUDE}
${LUA_CONDITIONS}
for _, c in ipairs(conditions) do
  if c.type == "Ready" and c.status == "False" then
    hs.status = "Degraded"
    hs.message = s(c.reason) .. ": " .. s(c.message)
    return hs
  end
end

for _, c in ipairs(conditions) do
  if c.type == "Ready" and c.status == "True" then
    if obj.kind == "ExternalSecret" and obj.metadata ~= nil and obj.metadata.generation ~= nil then
      local synced = s(obj.status.syncedResourceVersion)
      local low = s(obj.metadata.generation) .. "-"
      local high = s(obj.metadata.generation) .. "."
      if not (low <= synced and synced < high) then
        hs.status = "Progressing"
        hs.message = "Waiting for External Secrets to sync generation " .. s(obj.metadata.generation) .. " (synced: " .. synced .. ")"
        return hs
      end
    end
    hs.status = "Healthy"
    hs.message = s(c.message)
    return hs
  end
end

hs.status = "Progressing"
hs.message = "Waiting for External Secrets to set Ready on the " .. s(obj.kind)
return hs
`;
