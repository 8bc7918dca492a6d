/**
 * Health of the Strimzi kinds the platform renders (kafka.strimzi.io Kafka, KafkaNodePool,
 * KafkaTopic, KafkaUser), one script for the four argocd-cm keys.
 *
 * Why not Argo CD's built-in scripts (resource_customizations/kafka.strimzi.io/*, v3.0.23):
 * they read the Ready condition without asking which generation it is for, so right after
 * the kafka folder changes a Kafka the old Ready=True says Healthy and the services' wave
 * starts while Strimzi still rolls the brokers; and KafkaNodePool has none. Strimzi writes
 * `status.observedGeneration` when a reconciliation ends, failed or not
 * (KafkaAssemblyOperator.createOrUpdate at 0.50.1), so a status for an older generation
 * means "not done yet". Being argocd-cm keys, they also make a Missing resource of these
 * kinds count in its Application's health (argo-cd controller/health.go counts Missing only
 * for kinds with a Go check or an argocd-cm key).
 */
import { LUA_PRELUDE } from './lua';

/** Lua 5.1 for Argo CD's sandbox: base library, `table`, no `string`/`math`, no string methods. */
export const STRIMZI_HEALTH_LUA = String.raw`-- Health of a Strimzi resource (Kafka, KafkaNodePool, KafkaTopic, KafkaUser) for sync waves.
${LUA_PRELUDE}
local status = obj.status
if status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Strimzi operator to reconcile the " .. s(obj.kind)
  return hs
end
local conditions = status.conditions or {}

-- The strimzi.io/pause-reconciliation annotation: Strimzi keeps the old observedGeneration
-- and does nothing until it is removed. Suspended: a parent wave keeps waiting, visibly.
for _, c in ipairs(conditions) do
  if c.type == "ReconciliationPaused" and c.status == "True" then
    hs.status = "Suspended"
    hs.message = "Reconciliation is paused (strimzi.io/pause-reconciliation)"
    return hs
  end
end

-- A status written for an older spec: whatever it says, Strimzi has not finished with this one.
local generation = nil
if obj.metadata ~= nil then generation = obj.metadata.generation end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for Strimzi to reconcile generation " .. s(generation) .. " (last reconciled: " .. s(status.observedGeneration) .. ")"
  return hs
end

for _, c in ipairs(conditions) do
  if c.type == "NotReady" and c.status == "True" then
    hs.status = "Degraded"
    hs.message = s(c.reason) .. ": " .. s(c.message)
    return hs
  end
end
for _, c in ipairs(conditions) do
  if c.type == "Ready" and c.status == "True" then
    hs.status = "Healthy"
    hs.message = ""
    return hs
  end
end

-- A KafkaNodePool has no Ready condition: Strimzi writes its status (node IDs, replicas) once
-- it has taken the pool's current spec. Its pods' readiness is the Kafka resource's Ready.
if obj.kind == "KafkaNodePool" then
  local wanted = nil
  if obj.spec ~= nil then wanted = obj.spec.replicas end
  if status.replicas ~= nil and status.replicas == wanted then
    hs.status = "Healthy"
    hs.message = s(status.replicas) .. " nodes assigned"
    return hs
  end
  hs.status = "Progressing"
  hs.message = "Waiting for Strimzi to assign " .. s(wanted) .. " nodes (assigned: " .. s(status.replicas) .. ")"
  return hs
end

hs.status = "Progressing"
hs.message = "Waiting for the " .. s(obj.kind) .. " to be Ready"
return hs
`;
