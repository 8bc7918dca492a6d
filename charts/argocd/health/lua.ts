/**
 * What the health scripts share, spliced into each (an argocd-cm key holds one whole script):
 * Lua 5.1 for Argo CD's sandbox, with the base library and `table` only.
 */

/** The result table `hs`, and `s(v)`: any value as a string, nil as empty. */
export const LUA_PRELUDE = `local hs = {}

local function s(v)
  if v == nil then return "" end
  return tostring(v)
end
`;

/** `conditions`: the object's status conditions, or an empty list. */
export const LUA_CONDITIONS = `local conditions = {}
if obj.status ~= nil and obj.status.conditions ~= nil then conditions = obj.status.conditions end
`;
