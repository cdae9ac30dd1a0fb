import type { Result } from 'ioredis'

// One key per session: a list whose first element is "expiresAt|idleMs|<session JSON>" (so that
// Lua can compute the next lifetime without decoding JSON), followed by one entry per ticket
// issued in the session. A small list is one compact listpack: one key costs Redis far less than
// a string plus a second key for the index (BENCHMARKS.md), and adding a ticket stays O(1).
//
// The key outlives its session by a grace period (ARGV "grace", ms): a session is alive while its
// PTTL exceeds the grace and its absolute end is ahead. During the grace, an expired session is
// still there for the sweeper (RedisTicketStore.watchExpiredSessions), which ends it so that single
// logout can follow.

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

// Only a live session gets the entry: RPUSH on a missing key would create one that never
// expires. ARGV: entry, grace.
export const ADD_TO_SESSION = `
if redis.call('PTTL', KEYS[1]) <= tonumber(ARGV[2]) then return 0 end
return redis.call('RPUSH', KEYS[1], ARGV[1])`

// A ticket, its entry in the session and, for a single-logout service, the session's place in
// the sorted set of sessions due for a look, in one command where one script may touch all three
// keys (not in a Cluster, where they live in different slots). KEYS: ticket, session, due set.
// ARGV: value, ttl s, entry, grace, '1' for single logout, now, session id.
export const ADD_TICKET = `
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if redis.call('PTTL', KEYS[2]) > tonumber(ARGV[4]) then redis.call('RPUSH', KEYS[2], ARGV[3]) end
if ARGV[5] == '1' then redis.call('ZADD', KEYS[3], 'NX', ARGV[6], ARGV[7]) end
return 1`

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
    sesameAddToSession (session: string, entry: string, graceMs: number): Result<number, Context>
    sesameEndSession (session: string): Result<string[], Context>
    sesameAddTicket (ticket: string, session: string, due: string, value: string, ttlSeconds: number, entry: string, graceMs: number, singleLogout: '1' | '0', now: number, tgtId: string): Result<number, Context>
    sesameExpireSession (session: string, now: number, graceMs: number): Result<[0] | [1, string] | [2, string[]], Context>
  }
}
