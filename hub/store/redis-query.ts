/**
 * The item query as one Lua script run inside Redis, so a filtered page costs one round trip
 * and moves only the ids that match. It walks the driver sorted sets newest first (a k-way merge
 * when the driver is a union, e.g. the portals of a subtree), reads each candidate's filter record
 * and keeps those that pass. It stops after `budget` candidates and says where it stopped, so a
 * query that matches little is served in several short calls and never holds Redis for long.
 */
import type { Item } from '../model.ts';
import type { ItemQuery } from './store.ts';
import { orderKey, orderMember } from './item-order.ts';
import { searchText } from './item-match.ts';
import { foldText } from '../pipeline/normalize/fold.ts';

/** Separators of a filter record: fields (RS), topics (GS), categories (US); folding never leaves them in text. */
const RS = '\x1e';
const GS = '\x1d';
const US = '\x1f';

/**
 * One item's filter record: member, portal, source, cluster, language, topics, folded
 * categories, url, folded text. Topics are wrapped in GS and categories in US on both sides, so
 * one plain search of the whole record for `GS t GS` finds a whole topic and nothing else; the
 * folded text is last and is the only field that starts with a space (`RS ' '` marks it).
 */
export function filterRecord(item: Item): string {
  const list = (values: string[], sep: string) => (values.length ? `${sep}${values.join(sep)}${sep}` : '');
  return [
    orderMember(orderKey(item)),
    item.portalId,
    item.sourceId,
    item.clusterId,
    item.language,
    list(item.topics, GS),
    list(item.categories.map(foldText), US),
    item.url,
    searchText(item),
  ].join(RS);
}

/** The script's arguments after the range, limit and budget. */
export function filterArguments(query: ItemQuery): string[] {
  return [
    (query.portalIds ?? []).join(US),
    query.sourceId ?? '',
    query.clusterId ?? '',
    query.language ?? '',
    (query.topics ?? []).join(US),
    (query.categories ?? []).map(foldText).join(US),
    query.q ? foldText(query.q).split(' ').filter(Boolean).join(US) : '',
  ];
}

/**
 * KEYS: the filter-record hash, two scratch keys, the driver sorted sets, then (optionally) one
 * sorted set to intersect with.
 * ARGV: max bound ('+' or '(' member), min bound ('-' or '[' prefix), limit, budget, the seven
 * filterArguments, the number of driver sets, '1' to intersect.
 *
 * When a query has a second indexed filter (a subtree and a topic), set algebra in C
 * (ZUNIONSTORE, ZINTERSTORE into the scratch keys) beats merging and testing in Lua: a subtree +
 * topic + q page then tests a few hundred candidates instead of thousands. Without one, the
 * merge stops as soon as the page is full, which is cheaper than building the union.
 * Returns { members, state }: state '' = nothing more, 'more' = another match follows the last
 * member, otherwise the member the budget ran out at (resume below it).
 */
export const QUERY_SCRIPT = `
local f = KEYS[1]
local nd, intersect = tonumber(ARGV[12]), ARGV[13] == '1'
local drivers = {}
for i = 1, nd do drivers[i] = KEYS[3 + i] end
local scratch = false
if intersect and nd > 1 then
  redis.call('ZUNIONSTORE', KEYS[2], nd, unpack(drivers))
  redis.call('PEXPIRE', KEYS[2], 10000)
  drivers, scratch = { KEYS[2] }, true
end
if intersect then
  redis.call('ZINTERSTORE', KEYS[3], 2, drivers[1], KEYS[4 + nd])
  redis.call('PEXPIRE', KEYS[3], 10000)
  drivers, scratch = { KEYS[3] }, true
end
local function finish(result)
  if scratch then redis.call('UNLINK', KEYS[2], KEYS[3]) end
  return result
end
local maxb, minb = ARGV[1], ARGV[2]
local limit, budget = tonumber(ARGV[3]), tonumber(ARGV[4])
local function list(s) local t = {} for v in string.gmatch(s, '[^\\31]+') do t[#t + 1] = v end return t end
local portals = nil
if ARGV[5] ~= '' then portals = {} for _, p in ipairs(list(ARGV[5])) do portals[p] = true end end
local source, cluster, lang = ARGV[6], ARGV[7], ARGV[8]
local topics, cats, words = list(ARGV[9]), list(ARGV[10]), list(ARGV[11])
local langdash = lang .. '-'

local function any(rec, wanted, sep)
  if #wanted == 0 then return true end
  for _, w in ipairs(wanted) do if string.find(rec, sep .. w .. sep, 1, true) then return true end end
  return false
end

-- cheapest and most selective tests first; only the fields a query filters on are read
local function keep(rec)
  if not any(rec, topics, '\\29') or not any(rec, cats, '\\31') then return false end
  if #words > 0 then
    local text = string.find(rec, '\\30 ', 1, true)
    if not text then return false end
    -- each query word must start a word of the item: "chuyen doi so" finds "Chuyển đổi số"
    for _, w in ipairs(words) do if not string.find(rec, ' ' .. w, text, true) then return false end end
  end
  if portals or source ~= '' or cluster ~= '' or lang ~= '' then
    local _, p, s, c, l = string.match(rec, '^([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30')
    if not p then return false end
    if portals and not portals[p] then return false end
    if source ~= '' and s ~= source then return false end
    if cluster ~= '' and c ~= cluster then return false end
    if lang ~= '' and l ~= lang and string.sub(l, 1, #langdash) ~= langdash then return false end
  end
  return true
end

local CHUNK = 256
local n = #drivers
local bufs, pos, bounds = {}, {}, {}
local function refill(i)
  bufs[i] = redis.call('ZRANGE', drivers[i], bounds[i], minb, 'BYLEX', 'REV', 'LIMIT', 0, CHUNK)
  pos[i] = 1
  if #bufs[i] > 0 then bounds[i] = '(' .. bufs[i][#bufs[i]] end
end
for i = 1, n do bounds[i] = maxb refill(i) end

local out, scanned, previous = {}, 0, nil
-- candidates in merged order, read in blocks: one HMGET per block instead of one HGET per candidate
local BLOCK = 64
while true do
  local block = {}
  while #block < BLOCK do
    local best, bestv = nil, nil
    for i = 1, n do
      if pos[i] > #bufs[i] and #bufs[i] == CHUNK then refill(i) end
      local v = bufs[i][pos[i]]
      if v and (bestv == nil or v > bestv) then best, bestv = i, v end
    end
    if best == nil then break end
    pos[best] = pos[best] + 1
    if bestv ~= previous then
      previous = bestv
      block[#block + 1] = bestv
    end
  end
  if #block == 0 then return finish({ out, '' }) end
  local ids = {}
  for i, m in ipairs(block) do ids[i] = string.sub(m, 18) end
  local recs = redis.call('HMGET', f, unpack(ids))
  for i, m in ipairs(block) do
    scanned = scanned + 1
    if recs[i] and keep(recs[i]) then
      if #out == limit then return finish({ out, 'more' }) end
      out[#out + 1] = m
    end
    if scanned >= budget then return finish({ out, m }) end
  end
end
`;
