import type { Result } from 'ioredis'

// One key per session: a list whose first element is "expiresAt|idleMs|<session JSON>" (so that
// Lua can compute the next lifetime without decoding JSON), followed by one entry per service that
// received a ticket in the session ("s|<service key>|<latest ticket>|<service URL>") and one per
// PGT ("p|<PGT id>"). A small list is one compact listpack: one key costs Redis far less than a
// string plus a second key for the index (BENCHMARKS.md). An entry per service, not per ticket,
// keeps the list as short as the registry whatever the number of tickets: a new ticket for a
// service already there replaces its entry in place (a scan of a list of a few entries).
//
// The key outlives its session by a grace period (ARGV "grace", ms): a session is alive while its
// PTTL exceeds the grace and its absolute end is ahead. During the grace, an expired session is
// still there for the sweeper (RedisTicketStore.watchExpiredSessions), which ends it so that single
// logout can follow.
//
// The per-minute ticket count of a session is a counter key beside it, under the same hash tag
// (same Cluster slot), created by INCR and given its 60 s lifetime in the same script.

export const CREATE_SESSION = `
redis.call('DEL', KEYS[1])
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + tonumber(ARGV[3]))
return 1`

// ARGV: now, grace.
export const USE_SESSION = `
local grace = tonumber(ARGV[2])
if redis.call('PTTL', KEYS[1]) <= grace then return false end
local v = redis.call('LINDEX', KEYS[1], 0)
local x, i = string.match(v, '^(%d+)|(%d+)|')
local ttl = math.min(tonumber(i), tonumber(x) - tonumber(ARGV[1]))
if ttl <= 0 then return false end
redis.call('PEXPIRE', KEYS[1], ttl + grace)
return v`

// Records an entry in a live session: replaces the entry that starts with the same prefix
// ("s|<service key>|"), or appends. RPUSH on a missing key would create one that never expires.
const INDEX = `
local function index (key, entry, prefix)
  if prefix ~= '' then
    local l = redis.call('LRANGE', key, 1, -1)
    for i, e in ipairs(l) do
      if string.sub(e, 1, #prefix) == prefix then
        redis.call('LSET', key, i, entry)
        return
      end
    end
  end
  redis.call('RPUSH', key, entry)
end
-- Counts a ticket of the session; false beyond the limit (0: no limit).
local function counted (counter, limit)
  if limit <= 0 then return true end
  local n = redis.call('INCR', counter)
  if n == 1 then redis.call('PEXPIRE', counter, 60000) end
  return n <= limit
end
`

// The session's part of a ticket, where the ticket itself lives in another slot (Cluster).
// KEYS: session, counter. ARGV: entry, grace, entry prefix, limit per minute. Returns -1 beyond
// the limit (nothing written), 0 when the session is gone, 1 when the entry is written.
export const ADD_TO_SESSION = INDEX + `
if redis.call('PTTL', KEYS[1]) <= tonumber(ARGV[2]) then return 0 end
if not counted(KEYS[2], tonumber(ARGV[4])) then return -1 end
index(KEYS[1], ARGV[1], ARGV[3])
return 1`

// A ticket, its entry in the session and, for a single-logout service, the session's place in
// the sorted set of sessions due for a look, in one command where one script may touch all the
// keys (not in a Cluster, where they live in different slots). KEYS: ticket, session, due set,
// counter. ARGV: value, ttl s, entry, grace, '1' for single logout, now, session id, entry
// prefix, limit per minute. Returns 0 beyond the limit (nothing written), 1 otherwise.
export const ADD_TICKET = INDEX + `
local alive = redis.call('PTTL', KEYS[2]) > tonumber(ARGV[4])
if alive and not counted(KEYS[4], tonumber(ARGV[9])) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if alive then index(KEYS[2], ARGV[3], ARGV[8]) end
if ARGV[5] == '1' then redis.call('ZADD', KEYS[3], 'NX', ARGV[6], ARGV[7]) end
return 1`

// Whether a session is alive: its key outlives the grace, and its absolute end is ahead. One
// rule, for the check on its own and for the one inside a ticket's consumption.
const ALIVE = `
local function alive (session, now, grace)
  if redis.call('PTTL', session) <= grace then return false end
  local x = tonumber(string.match(redis.call('LINDEX', session, 0), '^(%d+)|'))
  return x > now
end
`

// Whether a session is alive, without touching it. ARGV: now, grace.
export const SESSION_ALIVE = ALIVE + `
if alive(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])) then return 1 end
return 0`

// A service ticket consumed, and handed out only if its session is alive, in one command where one
// script may reach both keys (not in a Cluster: the session's slot is known only once the ticket is
// read, so this script reaches a key it was not given, which a standalone Redis allows). The
// ticket's value starts with its session id ({"tgtId":"TGT-…", see RedisTicketStore); one written
// otherwise (by an older node, during a rolling upgrade) is decoded whole. KEYS: ticket. ARGV:
// session key prefix, now, grace. Returns the value, or false (unknown, or its session is gone:
// consumed all the same).
export const CONSUME_TICKET = ALIVE + `
local v = redis.call('GETDEL', KEYS[1])
if not v then return false end
local tgt = string.match(v, '^{"tgtId":"([^"]+)"')
if not tgt then tgt = cjson.decode(v).tgtId end
if not alive(ARGV[1] .. '{' .. tgt .. '}', tonumber(ARGV[2]), tonumber(ARGV[3])) then return false end
return v`

export const END_SESSION = `
local l = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return l`

// The sweeper's look at a session it was told is due. ARGV: now, grace. Returns {0} when it is
// gone, {1, ms left} when it is still alive, {2, its list} when it has expired: then it is
// removed in the same step, so that of several nodes sweeping, one alone ends it.
export const EXPIRE_SESSION = `
local pttl = redis.call('PTTL', KEYS[1])
if pttl == -2 then return {0} end
local v = redis.call('LINDEX', KEYS[1], 0)
local x = tonumber(string.match(v, '^(%d+)|'))
local left = math.min(pttl - tonumber(ARGV[2]), x - tonumber(ARGV[1]))
if left > 0 then return {1, tostring(left)} end
local l = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return {2, l}`

declare module 'ioredis' {
  interface RedisCommander<Context> {
    sesameCreateSession (session: string, value: string, ttlMs: number, graceMs: number): Result<number, Context>
    sesameUseSession (session: string, now: number, graceMs: number): Result<string | null, Context>
    sesameAddToSession (session: string, counter: string, entry: string, graceMs: number, prefix: string, perMinute: number): Result<number, Context>
    sesameEndSession (session: string): Result<string[], Context>
    sesameAddTicket (ticket: string, session: string, due: string, counter: string, value: string, ttlSeconds: number, entry: string, graceMs: number, singleLogout: '1' | '0', now: number, tgtId: string, prefix: string, perMinute: number): Result<number, Context>
    sesameSessionAlive (session: string, now: number, graceMs: number): Result<number, Context>
    sesameConsumeTicket (ticket: string, sessionPrefix: string, now: number, graceMs: number): Result<string | null, Context>
    sesameExpireSession (session: string, now: number, graceMs: number): Result<[0] | [1, string] | [2, string[]], Context>
  }
}
