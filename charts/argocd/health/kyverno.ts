/**
 * Health of a Kyverno ClusterPolicy (placement-policies folder).
 *
 * Argo CD v3.0.23 has no check for kyverno.io kinds (no resource_customizations/kyverno.io),
 * so a ClusterPolicy counted as healthy once applied: placement-policies was Healthy before
 * Kyverno had put the policy into its webhook configuration, and the tenants' wave could
 * create pods that Kyverno admitted without the mutation.
 *
 * Kyverno v1.14.5 (chart 3.4.6) writes one condition, `Ready`, from its webhook controller
 * (pkg/controllers/webhook/controller.go `updatePolicyStatuses`, api/kyverno/v1/policy_status.go
 * `SetReady`): True, reason Succeeded, message "Ready" once the policy is in the webhook
 * configuration it serves; False, reason Failed, message "Not Ready" until then. It clears the
 * deprecated `status.ready` when it writes the condition, so that field is not read. Ready=False
 * is the normal state between creation and the webhook update, not a failure: Progressing. A
 * policy Kyverno cannot load never gets that far (Kyverno's own admission webhook refuses it,
 * so the sync fails when applying it); hence no Degraded.
 *
 * The generation: Kyverno 1.14.5 sets no `observedGeneration` on the condition (the field
 * exists on metav1.Condition; a Ready that carries an older one is treated as not yet
 * reconciled). So after an edit of a policy the previous Ready=True stands until Kyverno
 * rewrites it; nothing in the status tells the two apart.
 */
import { LUA_PRELUDE, LUA_CONDITIONS } from './lua';

/** Lua 5.1 for Argo CD's sandbox: base library, `table`, no `string`/`math`, no string methods. */
export const KYVERNO_POLICY_HEALTH_LUA = String.raw`-- Health of a Kyverno ClusterPolicy for sync waves.
${LUA_PRELUDE}
${LUA_CONDITIONS}
for _, c in ipairs(conditions) do
  if c.type == "Ready" then
    local generation = nil
    if obj.metadata ~= nil then generation = obj.metadata.generation end
    if generation ~= nil and c.observedGeneration ~= nil and c.observedGeneration < generation then
      hs.status = "Progressing"
      hs.message = "Waiting for Kyverno to load generation " .. s(generation) .. " (Ready is for " .. s(c.observedGeneration) .. ")"
      return hs
    end
    if c.status == "True" then
      hs.status = "Healthy"
      hs.message = s(c.message)
      return hs
    end
    hs.status = "Progressing"
    hs.message = "Waiting for Kyverno to add the policy to its webhooks (" .. s(c.reason) .. ": " .. s(c.message) .. ")"
    return hs
  end
end

hs.status = "Progressing"
hs.message = "Waiting for Kyverno to set Ready on the " .. s(obj.kind)
return hs
`;
