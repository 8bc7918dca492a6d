'use strict';
/**
 * The worker thread behind lua-sandbox.ts: a wasmoon (Lua 5.4) engine that runs health
 * scripts in a sandbox like Argo CD's. Plain JavaScript in a worker because wasmoon's loader
 * uses a dynamic import, which jest's module sandbox does not allow in the test itself.
 *
 * Receives { id, script, objLiteral }, answers { id, status, message } or { id, error }.
 */
const { parentPort } = require('worker_threads');
const { LuaFactory } = require('wasmoon');

// obj is built from a Lua table constructor (as Argo CD's decodeValue builds it); the script
// sees the base library, table and a safe os only, and strings without methods (gopher-lua
// gives strings a metatable only when the string library is open).
const RUNNER = `
local obj = assert(load("return " .. OBJ_LITERAL, "=obj", "t", {}))()
local env = {
  obj = obj, assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, setmetatable = setmetatable,
  getmetatable = getmetatable, tonumber = tonumber, tostring = tostring, type = type, unpack = table.unpack,
  xpcall = xpcall, print = function() end,
  table = { concat = table.concat, insert = table.insert, remove = table.remove, sort = table.sort },
  os = { time = os.time, date = os.date, clock = os.clock },
}
env._G = env
local chunk = assert(load(SCRIPT, "=health.lua", "t", env))
local strings = getmetatable("")
local index = strings.__index
strings.__index = nil
local ok, hs = pcall(chunk)
strings.__index = index
if not ok then error(hs, 0) end
if type(hs) ~= "table" then error("expect table output from Lua script, not " .. type(hs), 0) end
return tostring(hs.status) .. "\\n" .. tostring(hs.message or "")
`;

new LuaFactory().createEngine().then(
  (engine) => {
    // doStringSync: wasmoon 1.16's asynchronous doString corrupts its memory after a few dozen runs
    parentPort.on('message', ({ id, script, objLiteral }) => {
      try {
        engine.global.set('SCRIPT', script);
        engine.global.set('OBJ_LITERAL', objLiteral);
        const out = engine.doStringSync(RUNNER);
        const cut = out.indexOf('\n');
        parentPort.postMessage({ id, status: out.slice(0, cut), message: out.slice(cut + 1) });
      } catch (e) {
        parentPort.postMessage({ id, error: String(e && e.message ? e.message : e) });
      }
    });
    parentPort.postMessage({ ready: true });
  },
  (e) => parentPort.postMessage({ ready: false, error: String(e) }),
);
