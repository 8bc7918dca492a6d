/**
 * The `argoproj.io/Application` health check that makes sync waves of child Applications
 * wait (test/charts/argocd/application-health.test.ts runs the script in Argo CD's Lua
 * sandbox against recorded Application statuses).
 *
 * The scripts are TypeScript constants because the CLIs and charts run as one esbuild bundle,
 * which cannot read a file beside the source at run time.
 */

/** The Lua health check for `argoproj.io/Application` (Lua 5.1, Argo CD's sandbox). */
export const APPLICATION_HEALTH_LUA = String.raw`-- Health of an argoproj.io/Application as its parent (the app-of-apps root) sees it, for
-- Argo CD v3.0. Installed as argocd-cm resource.customizations.health.argoproj.io_Application.
--
-- Why: Argo CD has no built-in health check for Applications (removed in 1.8), so a root's
-- sync waves of child Applications wait for nothing. With this script a wave of children
-- holds the next wave until every child is Synced and Healthy for its current spec, and
-- fails the root's sync when a child is Degraded.
--
-- What the parent's sync does with each result (gitops-engine sync_context.go):
--   Healthy    -> the child's task succeeds, the next wave may start
--   Degraded   -> the task fails, and with it the parent's sync operation
--   anything else (Progressing, Suspended, Missing, Unknown) -> the parent keeps waiting
-- and in the parent's own health (argo-cd controller/health.go) a child that is Missing or
-- Unknown is skipped, so this script never returns those two: it says Progressing instead.
-- A child being deleted never reaches this script: Argo CD reports "Pending deletion" first.
--
-- Runs in Argo CD's sandbox (util/lua/lua.go, useOpenLibs false): gopher-lua, Lua 5.1
-- syntax, only the base and table libraries and a safe os. So: no string.*, no math.*, no
-- method calls on strings; only .., tostring, ipairs, # and comparisons.
local hs = {}

-- nil-safe string
local function s(v)
  if v == nil then return "" end
  return tostring(v)
end

-- the fields that say where a source's manifests come from
local function sameSource(a, b)
  if a == nil then a = {} end
  if b == nil then b = {} end
  return s(a.repoURL) == s(b.repoURL) and s(a.path) == s(b.path) and s(a.chart) == s(b.chart)
    and s(a.targetRevision) == s(b.targetRevision) and s(a.ref) == s(b.ref)
end

-- true when the spec's source(s) are those recorded in other (a comparedTo or a syncResult)
local function sourcesMatch(spec, other)
  if spec.sources ~= nil and #spec.sources > 0 then
    local recorded = other.sources or {}
    if #recorded ~= #spec.sources then return false end
    for i, one in ipairs(spec.sources) do
      if not sameSource(one, recorded[i]) then return false end
    end
    return true
  end
  return sameSource(spec.source, other.source)
end

-- The controller copies the spec's sources and destination into status.sync.comparedTo at
-- every comparison (controller/state.go). When they differ from the spec, the status was
-- computed for an older spec: typically the parent has just changed this child. Only
-- scalar fields are compared, as a deep compare would trip over defaulted fields.
local function comparedWithCurrentSpec(app)
  local spec = app.spec or {}
  if app.status.sync == nil or app.status.sync.comparedTo == nil then return false end
  local compared = app.status.sync.comparedTo
  local d1 = spec.destination or {}
  local d2 = compared.destination or {}
  if s(d1.namespace) ~= s(d2.namespace) then return false end
  if s(d1.server) ~= "" and s(d1.server) ~= s(d2.server) then return false end
  if s(d1.name) ~= "" and s(d1.name) ~= s(d2.name) then return false end
  return sourcesMatch(spec, compared)
end

-- 1. No status at all: the Application was just created and the controller has not looked at
--    it yet. Wait.
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the Application controller to report a status"
  return hs
end

-- 2. An operation is requested (spec-level "operation", set by a manual sync, an automated
--    sync or an ApplicationSet) but has not started: the status is about to change. Wait.
if obj.operation ~= nil then
  hs.status = "Progressing"
  hs.message = "Sync operation requested"
  return hs
end

-- 3. An operation is running or being terminated. Waits between retries count as running:
--    after a failed attempt with retries left the phase stays Running ("Retrying attempt #N").
local op = obj.status.operationState
local phase = ""
if op ~= nil then phase = s(op.phase) end
if phase == "Running" or phase == "Terminating" then
  hs.status = "Progressing"
  hs.message = "Sync operation " .. phase .. ": " .. s(op.message)
  return hs
end

local health, healthMessage, sync = "", "", ""
if obj.status.health ~= nil then
  health = s(obj.status.health.status)
  healthMessage = s(obj.status.health.message)
end
if obj.status.sync ~= nil then sync = s(obj.status.sync.status) end

-- 4. InvalidSpecError: the spec itself is rejected (e.g. the project does not permit the
--    destination), the controller will not compare it, and no waiting can fix it. Degraded,
--    so the parent's sync fails with the reason. (The condition is computed from the current
--    spec, which is why this comes before the staleness check: an invalid spec is never
--    compared, so its comparedTo stays old.)
if obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "InvalidSpecError" then
      hs.status = "Degraded"
      hs.message = "InvalidSpecError: " .. s(c.message)
      return hs
    end
  end
end

-- 5. The status describes an older spec (see comparedWithCurrentSpec), or the Application
--    was never compared. Whatever it says, Synced/Healthy or Degraded, is about something the
--    parent has just replaced. Wait for the controller to compare the current spec.
if not comparedWithCurrentSpec(obj) then
  hs.status = "Progressing"
  hs.message = "Waiting for the Application to be compared with its current spec"
  return hs
end

-- 6. Degraded passes through, with its message: some resource of the child is broken for
--    the spec it now has. The parent's sync fails, and says which child.
if health == "Degraded" then
  hs.status = "Degraded"
  if healthMessage ~= "" then hs.message = healthMessage else hs.message = "Application is Degraded" end
  return hs
end

-- 7. The only Healthy: the desired state is applied (Synced) and every resource with a
--    health check is Healthy, for the current spec, with no operation pending or running.
if sync == "Synced" and health == "Healthy" then
  hs.status = "Healthy"
  hs.message = ""
  return hs
end

-- 8. The last sync failed (retries exhausted) or errored, and that result is for what the
--    child should now run: Degraded with the operation's message. A failure is current unless
--    its syncResult names another revision or another source than the current comparison; a
--    failure before anything was applied has no syncResult and is current.
if phase == "Failed" or phase == "Error" then
  local result = op.syncResult
  local stale = false
  if result ~= nil then
    if s(result.revision) ~= "" and s(obj.status.sync.revision) ~= "" and s(result.revision) ~= s(obj.status.sync.revision) then
      stale = true
    end
    if (result.source ~= nil or result.sources ~= nil) and not sourcesMatch(obj.spec or {}, result) then
      stale = true
    end
  end
  if not stale then
    hs.status = "Degraded"
    hs.message = "Last sync " .. phase .. ": " .. s(op.message)
    return hs
  end
end

-- 9. Synced and Suspended (a paused rollout, a suspended CronJob): say so; the parent keeps
--    waiting, as it would for Progressing.
if sync == "Synced" and health == "Suspended" then
  hs.status = "Suspended"
  hs.message = healthMessage
  return hs
end

-- 10. Everything else waits, with the child's own states in the message:
--   - OutOfSync (never synced, or changed and not yet synced; a child without automated sync
--     stays here until someone syncs it, and so does the parent's wave; so does a child whose
--     removed resources carry Prune=false),
--   - health Progressing (a rollout), Missing (resources not created yet),
--   - sync or health Unknown (a ComparisonError such as an unreachable repository: Argo CD
--     retries the comparison, so this is treated as transient rather than failing the parent),
--   - no health reported at all.
hs.status = "Progressing"
hs.message = "Waiting for the Application: sync " .. sync .. ", health " .. health
if healthMessage ~= "" then hs.message = hs.message .. " (" .. healthMessage .. ")" end
return hs
`;
