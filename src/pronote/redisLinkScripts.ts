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


/** ARGV[1]: IDPN. Returns 1 when a link was removed, 0 otherwise. */
export const UNLINK = `${DETACH}
if detach(ARGV[1]) then return 1 end
return 0
`

// Makes the establishment's links those of ARGV from index `at` on: n, the number of IDPN pairs;
// then n pairs IDPN, link JSON; then pairs uid, JSON array. HSET in batches because Lua's unpack
// has a small stack.
const REPLACE = `
local function replace(at)
  redis.call('DEL', KEYS[1], KEYS[2])
  local n = tonumber(ARGV[at])
  local function hset(key, from, to)
    local i = from
    while i <= to do
      local last = math.min(i + 1999, to)
      redis.call('HSET', key, unpack(ARGV, i, last))
      i = last + 1
    end
  end
  hset(KEYS[1], at + 1, at + 2 * n)
  hset(KEYS[2], at + 1 + 2 * n, #ARGV)
  return n
end
`

// Adds the links of ARGV from index `at` on (link JSON strings), replacing any of the same IDPN.
const ADD = `${DETACH}
local function add(at)
  for i = at, #ARGV do
    local link = cjson.decode(ARGV[i])
    detach(link.idpn)
    redis.call('HSET', KEYS[1], link.idpn, ARGV[i])
    local list = redis.call('HGET', KEYS[2], link.uid)
    local links = list and cjson.decode(list) or {}
    links[#links + 1] = link
    redis.call('HSET', KEYS[2], link.uid, cjson.encode(links))
  end
  return #ARGV - at + 1
end
`

/** ARGV: link JSON strings. Adds them, replacing any link of the same IDPN. */
export const ADD_LINKS = `${ADD}
return add(1)
`

/** ARGV as REPLACE reads it from index 1. */
export const REPLACE_ESTABLISHMENT = `${REPLACE}
return replace(1)
`

/**
 * KEYS[3]: the establishment's history, a list of JSON {record, previous} newest first.
 * ARGV[1]: full or partial; ARGV[2]: the record JSON; ARGV[3]: how many imports to keep; then the
 * links as REPLACE (full) or ADD (partial) read them. The link set before the import is taken
 * here, inside the script, so an undo puts back exactly what this import replaced. The links are
 * JSON strings already, so the set is joined as text (cjson would write an empty one as {}).
 */
export const COMMIT_IMPORT = `${REPLACE}${ADD}
local previous = '[' .. table.concat(redis.call('HVALS', KEYS[1]), ',') .. ']'
redis.call('LPUSH', KEYS[3], '{"record":' .. ARGV[2] .. ',"previous":' .. previous .. '}')
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[3]) - 1)
if ARGV[1] == 'full' then return replace(4) end
return add(4)
`

/** Puts back the link set the last import replaced and drops it; returns that entry, or false. */
export const UNDO_IMPORT = `
local entry = redis.call('LINDEX', KEYS[3], 0)
if not entry then return false end
redis.call('LPOP', KEYS[3])
redis.call('DEL', KEYS[1], KEYS[2])
local byUid = {}
for _, l in ipairs(cjson.decode(entry).previous) do
  redis.call('HSET', KEYS[1], l.idpn, cjson.encode(l))
  local list = byUid[l.uid] or {}
  list[#list + 1] = l
  byUid[l.uid] = list
end
for uid, list in pairs(byUid) do redis.call('HSET', KEYS[2], uid, cjson.encode(list)) end
return entry
`
