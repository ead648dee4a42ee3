// The lease store's Lua scripts. Each runs atomically in Redis, on Redis's own clock (TIME), so
// no decision depends on the clocks of the machines running tickmux.

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

const SEEN_MS = 7 * 86_400_000;

/**
 * KEYS: lease, quiet, seen, fence, boot, bootQuiet. ARGV: owner, leaseMs, quietMs, bootQuietMs.
 * Returns {2, token, previousSeen or '', now} | {0, ttl, holder, now} | {1, ttl, '', now}.
 * The token is INCR of the fence, raised to the server time in ms if lower, so tokens keep
 * growing even after Redis lost its data.
 */
export const ACQUIRE = `${NOW}
if redis.call('EXISTS', KEYS[5]) == 0 then
  redis.call('SET', KEYS[5], now)
  if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[6], now, 'PX', ARGV[4]) end
end
local held = redis.call('GET', KEYS[1])
if held then return {0, redis.call('PTTL', KEYS[1]), held, now} end
if tonumber(ARGV[3]) > 0 then
  local q = math.max(redis.call('PTTL', KEYS[2]), redis.call('PTTL', KEYS[6]))
  if q > 0 then return {1, q, '', now} end
end
local token = redis.call('INCR', KEYS[4])
if token < now then
  token = now
  redis.call('SET', KEYS[4], string.format('%d', token))
end
local value = string.format('%d', token) .. ':' .. ARGV[1]
redis.call('SET', KEYS[1], value, 'NX', 'PX', ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], now, 'PX', ARGV[3]) end
local previous = redis.call('GET', KEYS[3]) or ''
redis.call('SET', KEYS[3], now, 'PX', ${SEEN_MS})
return {2, string.format('%d', token), previous, now}
`;

/**
 * KEYS: (lease, quiet, seen) per lease. ARGV: leaseMs, then (value, quietMs) per lease.
 * Compare-and-pexpire. Returns {now, {1|0, ...}}.
 */
export const RENEW = `${NOW}
local out = {}
for i = 0, (#KEYS / 3) - 1 do
  local lease, quiet, seen = KEYS[3 * i + 1], KEYS[3 * i + 2], KEYS[3 * i + 3]
  local value, quietMs = ARGV[2 * i + 2], tonumber(ARGV[2 * i + 3])
  if redis.call('GET', lease) == value then
    redis.call('PEXPIRE', lease, ARGV[1])
    if quietMs > 0 then redis.call('SET', quiet, now, 'PX', quietMs) end
    redis.call('SET', seen, now, 'PX', ${SEEN_MS})
    out[i + 1] = 1
  else
    out[i + 1] = 0
  end
end
return {now, out}
`;

/**
 * KEYS: lease, quiet. ARGV: value, quietMs. Compare-and-delete, leaving quietMs of quiet (0: none).
 * When the lease is no longer ours but nobody holds it (it expired: we learn of the loss late, e.g.
 * after a pause), the quiet is only ever extended to quietMs, never shortened.
 */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  if tonumber(ARGV[2]) > 0 then
    redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
  else
    redis.call('DEL', KEYS[2])
  end
  return 1
end
if tonumber(ARGV[2]) > 0 and redis.call('EXISTS', KEYS[1]) == 0
    and redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
end
return 0
`;

/**
 * KEYS: lease, then the command's keys. ARGV: value, command, then its arguments.
 * Runs the command with its keys then its arguments only while the lease holds the value.
 */
export const FENCED = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {0} end
local argv = {}
for i = 2, #KEYS do argv[#argv + 1] = KEYS[i] end
for i = 3, #ARGV do argv[#argv + 1] = ARGV[i] end
return {1, redis.call(ARGV[2], unpack(argv))}
`;

/** KEYS: members. ARGV: owner, ttlMs. Returns the number of live members. */
export const JOIN = `${NOW}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])
`;
