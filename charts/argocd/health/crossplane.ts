/**
 * Health of a Crossplane package: pkg.crossplane.io Provider, the only package kind the
 * platform renders (crossplane-providers folder).
 *
 * Why not Argo CD's built-in script (resource_customizations/pkg.crossplane.io/Provider,
 * v3.0.23): it says Degraded unless `Installed` and `Healthy` are both True. While Crossplane
 * 1.19.3 installs a package, its package manager writes `Installed=True` with
 * `Healthy=Unknown` (UnknownPackageRevisionHealth: the new revision has no health yet, or its
 * dependencies are still being installed) and then `Healthy=False` (UnhealthyPackageRevision:
 * "provider package deployment has no condition of type "Available" yet") until the provider's
 * pods are up. gitops-engine fails a sync whose wave holds a Degraded resource, so the first
 * sync of crossplane-providers failed instead of waiting. And when only `Installed` is set
 * the built-in script concatenates a nil and errors (Argo CD: Unknown).
 *
 * Degraded is kept for what does not resolve by itself, read from Crossplane v1.19.3
 * (internal/controller/pkg/manager/reconciler.go, revision/reconciler.go). A Provider's
 * `Healthy` message is its current revision's, verbatim, and both reconcilers wrap their
 * errors as `<prefix>: <cause>`, so the prefix says which step failed:
 * - `Installed=False` UnpackingPackage "cannot unpack package: ...": the package reference
 *   could not be resolved to a digest (no such tag, a bad reference, credentials refused);
 * - `Healthy=False` with "cannot initialize parser backend" (pulling the image failed),
 *   "cannot parse package contents", "linting package contents failed", "cannot install
 *   package with multiple meta types", "incompatible Crossplane version" (Crossplane does
 *   not even requeue), "failed to get pre-cached package with pull policy Never".
 * Crossplane retries the pulls with backoff, so a registry outage looks the same as a missing
 * tag; Degraded fails the sync either way, which is what a missing tag needs. Every other
 * Unhealthy or Unknown health is Progressing: the runtime Deployment not Available yet (a
 * crash-looping provider also stays Progressing, with Crossplane's message), a missing
 * DeploymentRuntimeConfig ("cannot prepare runtime manifest builder options", applied in the
 * same wave), missing dependencies (provider-azure-storage waits for provider-family-azure),
 * "cannot establish control of object" (a webhook TLS secret not filled yet, but also two
 * packages claiming one CRD: that one stays Progressing with the message).
 *
 * The generation: Crossplane 1.19.3's package manager records no observedGeneration (its
 * conditions could carry one, crossplane-runtime v1.19.0, but it never sets it). It records
 * `status.currentIdentifier`, the `spec.package` of the current revision, written in the same
 * status update that resets `Healthy` to Unknown for a new revision: a different identifier
 * means Crossplane has not taken the new package yet. Conditions that do carry an
 * `observedGeneration` older than the spec's are treated as not yet reconciled. A change of
 * `runtimeConfigRef` alone leaves no trace in the status, so the old Healthy=True stands.
 * `crossplane.io/paused` (Synced=False ReconcilePaused) and a manual activation policy
 * (Installed=False InactivePackageRevision) are Suspended: a wave keeps waiting, visibly.
 */
import { LUA_PRELUDE, LUA_CONDITIONS } from './lua';

/** Lua 5.1 for Argo CD's sandbox: base library, `table`, no `string`/`math`, no string methods. */
export const CROSSPLANE_PACKAGE_HEALTH_LUA = String.raw`-- Health of a Crossplane package (Provider) for sync waves.
${LUA_PRELUDE}
-- message is the error prefix itself or "prefix: cause" (byte order puts ";" right after
-- ":", so no string library is needed).
local function wraps(message, prefix)
  return message == prefix or (prefix .. ":" <= message and message < prefix .. ";")
end

${LUA_CONDITIONS}local installed, healthy, synced = nil, nil, nil
for _, c in ipairs(conditions) do
  if c.type == "Installed" then installed = c end
  if c.type == "Healthy" then healthy = c end
  if c.type == "Synced" then synced = c end
end

if synced ~= nil and synced.status == "False" and synced.reason == "ReconcilePaused" then
  hs.status = "Suspended"
  hs.message = "Reconciliation is paused (crossplane.io/paused)"
  return hs
end

local generation = nil
if obj.metadata ~= nil then generation = obj.metadata.generation end
for _, c in ipairs(conditions) do
  local stale = c.observedGeneration ~= nil and generation ~= nil and c.observedGeneration < generation
  if stale and (c.type == "Installed" or c.type == "Healthy") then
    hs.status = "Progressing"
    hs.message = "Waiting for Crossplane to reconcile generation " .. s(generation) .. " (" .. s(c.type) .. " is for " .. s(c.observedGeneration) .. ")"
    return hs
  end
end

if installed ~= nil and installed.status == "False" and installed.reason == "UnpackingPackage" and wraps(s(installed.message), "cannot unpack package") then
  hs.status = "Degraded"
  hs.message = s(installed.message)
  return hs
end

local wanted = nil
if obj.spec ~= nil then wanted = obj.spec.package end
local current = nil
if obj.status ~= nil then current = obj.status.currentIdentifier end
if wanted ~= nil and current ~= wanted then
  hs.status = "Progressing"
  hs.message = "Waiting for Crossplane to unpack " .. s(wanted)
  if current ~= nil then hs.message = hs.message .. " (installed: " .. s(current) .. ")" end
  return hs
end

if installed == nil or installed.status ~= "True" then
  if installed ~= nil and installed.reason == "InactivePackageRevision" then
    hs.status = "Suspended"
    hs.message = "The package revision is inactive (revisionActivationPolicy: Manual)"
    return hs
  end
  hs.status = "Progressing"
  hs.message = "Waiting for Crossplane to install the package"
  if installed ~= nil then hs.message = hs.message .. " (" .. s(installed.reason) .. ": " .. s(installed.message) .. ")" end
  return hs
end

if healthy ~= nil and healthy.status == "True" then
  hs.status = "Healthy"
  hs.message = s(healthy.reason)
  return hs
end

if healthy ~= nil and healthy.status == "False" then
  local failures = {
    "cannot initialize parser backend",
    "cannot parse package contents",
    "linting package contents failed",
    "cannot install package with multiple meta types",
    "incompatible Crossplane version",
    "failed to get pre-cached package with pull policy Never",
  }
  for _, prefix in ipairs(failures) do
    if wraps(s(healthy.message), prefix) then
      hs.status = "Degraded"
      hs.message = s(healthy.reason) .. ": " .. s(healthy.message)
      return hs
    end
  end
end

hs.status = "Progressing"
hs.message = "Waiting for the package to become healthy"
if healthy ~= nil then hs.message = hs.message .. " (" .. s(healthy.reason) .. ": " .. s(healthy.message) .. ")" end
return hs
`;
