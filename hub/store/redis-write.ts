/**
 * Item writes and deletes as Lua scripts: reading an item's old filter record, removing its old
 * index entries and adding the new ones happen in one atomic step. Done from the client (read,
 * then MULTI), two instances rewriting the same item at once would each remove the same old entry
 * and one new entry would be left behind, pointing at a version that no longer exists.
 *
 * The index keys are built inside the script from the prefix (ARGV[1]), so these scripts suit a
 * single Redis or a primary with replicas, not Redis Cluster.
 */
import type { Item } from '../model.ts';
import { indexKeys } from './item-keys.ts';
import { filterRecord } from './redis-query.ts';
import { titleKeys } from '../pipeline/title-keys.ts';

const UNINDEX = `
local p = ARGV[1]
local function split(s, sep) local t = {} for v in string.gmatch(s, '[^' .. sep .. ']+') do t[#t + 1] = v end return t end
local function unindex(id)
  local rec = redis.call('HGET', p .. 'f', id)
  if not rec then return false end
  local member, portal, source, cluster, _, topics, cats, url = string.match(rec, '^([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30')
  if not member then return false end
  local keys = { 'all', 'p:' .. portal, 's:' .. source, 'c:' .. cluster }
  for _, t in ipairs(split(topics, '\\29')) do keys[#keys + 1] = 't:' .. t end
  for _, c in ipairs(split(cats, '\\31')) do keys[#keys + 1] = 'k:' .. c end
  for _, k in ipairs(keys) do redis.call('ZREM', p .. 'o:' .. k, member) end
  redis.call('SREM', p .. 'u:' .. url, id)
  for _, k in ipairs(split(redis.call('HGET', p .. 'tk', id) or '', ' ')) do redis.call('ZREM', p .. 'n:' .. k, member) end
  redis.call('HDEL', p .. 'tk', id)
  redis.call('HDEL', p .. 'tt', id)
  return true
end
`;

/** ARGV: prefix, then per item: id, item JSON, filter record, index keys (US-joined), url, source id, title keys (space-joined), title candidate (source id US title). */
export const PUT_ITEMS = `${UNINDEX}
for i = 2, #ARGV, 8 do
  local id, rec = ARGV[i], ARGV[i + 2]
  unindex(id)
  redis.call('HSET', p .. 'items', id, ARGV[i + 1])
  redis.call('HSET', p .. 'f', id, rec)
  local member = string.match(rec, '^([^\\30]*)')
  for _, k in ipairs(split(ARGV[i + 3], '\\31')) do redis.call('ZADD', p .. 'o:' .. k, 0, member) end
  redis.call('SADD', p .. 'u:' .. ARGV[i + 4], id)
  redis.call('SADD', p .. 'srcs', ARGV[i + 5])
  for _, k in ipairs(split(ARGV[i + 6], ' ')) do redis.call('ZADD', p .. 'n:' .. k, 0, member) end
  redis.call('HSET', p .. 'tk', id, ARGV[i + 6])
  redis.call('HSET', p .. 'tt', id, ARGV[i + 7])
end
return 1
`;

/** ARGV: prefix, then item ids. Returns how many existed. */
export const DELETE_ITEMS = `${UNINDEX}
local n = 0
for i = 2, #ARGV do
  if unindex(ARGV[i]) then
    redis.call('HDEL', p .. 'items', ARGV[i])
    redis.call('HDEL', p .. 'f', ARGV[i])
    n = n + 1
  end
end
return n
`;

export const putArguments = (items: Item[]): string[] =>
  items.flatMap((item) => [
    item.id,
    JSON.stringify(item),
    filterRecord(item),
    indexKeys(item).join('\x1f'),
    item.url,
    item.sourceId,
    titleKeys(item.title).join(' '),
    `${item.sourceId}\x1f${item.title}`,
  ]);
