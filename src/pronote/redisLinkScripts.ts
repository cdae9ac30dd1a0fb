/**
 * Lua scripts of RedisLinkStore. KEYS[1] is the establishment's hash IDPN → link JSON, KEYS[2]
 * its hash uid → JSON array of that person's links. Both keys share one hash tag, so a script
 * touches one cluster slot and runs atomically.
 */

// Removes IDPN `idpn` from the person it pointed to; used by add and unlink.
const DETACH = `
local function detach(idpn)
  local old = redis.call('HGET', KEYS[1], idpn)
  if not old then return false end
  local uid = cjson.decode(old).uid
  local list = redis.call('HGET', KEYS[2], uid)
  local kept = {}
  if list then
    for _, l in ipairs(cjson.decode(list)) do
      if l.idpn ~= idpn then kept[#kept + 1] = l end
    end
  end
  if #kept == 0 then redis.call('HDEL', KEYS[2], uid) else redis.call('HSET', KEYS[2], uid, cjson.encode(kept)) end
  redis.call('HDEL', KEYS[1], idpn)
  return true
end
`

/** ARGV: link JSON strings. Adds them, replacing any link of the same IDPN. */
export const ADD_LINKS = `${DETACH}
for i = 1, #ARGV do
  local link = cjson.decode(ARGV[i])
  detach(link.idpn)
  redis.call('HSET', KEYS[1], link.idpn, ARGV[i])
  local list = redis.call('HGET', KEYS[2], link.uid)
  local links = list and cjson.decode(list) or {}
  links[#links + 1] = link
  redis.call('HSET', KEYS[2], link.uid, cjson.encode(links))
end
return #ARGV
`

/** ARGV[1]: IDPN. Returns 1 when a link was removed, 0 otherwise. */
export const UNLINK = `${DETACH}
if detach(ARGV[1]) then return 1 end
return 0
`

/**
 * ARGV[1]: n, the number of IDPN pairs; then n pairs IDPN, link JSON; then pairs uid, JSON array.
 * Written in batches because Lua's unpack has a small stack.
 */
export const REPLACE_ESTABLISHMENT = `
redis.call('DEL', KEYS[1], KEYS[2])
local n = tonumber(ARGV[1])
local function hset(key, from, to)
  local i = from
  while i <= to do
    local last = math.min(i + 1999, to)
    redis.call('HSET', key, unpack(ARGV, i, last))
    i = last + 1
  end
end
hset(KEYS[1], 2, 1 + 2 * n)
hset(KEYS[2], 2 + 2 * n, #ARGV)
return n
`
