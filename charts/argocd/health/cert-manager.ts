/**
 * Health of cert-manager's Certificate, ClusterIssuer and Issuer (one script for their
 * argocd-cm keys).
 *
 * It keeps the logic of Argo CD's built-in scripts (resource_customizations/cert-manager.io,
 * v3.0.23: `Issuing=True` first, then `Ready`) and adds the generation: cert-manager records
 * on each condition the `observedGeneration` it was computed for (CertificateCondition and
 * IssuerCondition at v1.18.6), so a Ready condition for an older spec means cert-manager has
 * not looked at the current one yet, and the next wave must not start on it. Being argocd-cm
 * keys, they also make a Missing Certificate or issuer count in its Application's health.
 */
import { LUA_PRELUDE, LUA_CONDITIONS } from './lua';

/** Lua 5.1 for Argo CD's sandbox: base library, `table`, no `string`/`math`, no string methods. */
export const CERT_MANAGER_HEALTH_LUA = String.raw`-- Health of a cert-manager Certificate, ClusterIssuer or Issuer for sync waves.
${LUA_PRELUDE}
${LUA_CONDITIONS}
-- A Certificate being (re)issued: wait, whatever Ready still says about the previous one.
for _, c in ipairs(conditions) do
  if c.type == "Issuing" and c.status == "True" then
    hs.status = "Progressing"
    hs.message = "Issuing: " .. s(c.message)
    return hs
  end
end

for _, c in ipairs(conditions) do
  if c.type == "Ready" then
    local generation = nil
    if obj.metadata ~= nil then generation = obj.metadata.generation end
    if generation ~= nil and c.observedGeneration ~= nil and c.observedGeneration < generation then
      hs.status = "Progressing"
      hs.message = "Waiting for cert-manager to check generation " .. s(generation) .. " (Ready is for " .. s(c.observedGeneration) .. ")"
      return hs
    end
    if c.status == "True" then
      hs.status = "Healthy"
      hs.message = s(c.message)
      return hs
    end
    if c.status == "False" then
      hs.status = "Degraded"
      hs.message = s(c.reason) .. ": " .. s(c.message)
      return hs
    end
  end
end

hs.status = "Progressing"
hs.message = "Waiting for cert-manager to set Ready on the " .. s(obj.kind)
return hs
`;
