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

/** Field and list separators of a filter record (ASCII RS and US; folding never leaves them in text). */
const RS = '\x1e';
const US = '\x1f';

/**
 * One item's filter record: member, portal, source, cluster, language, topics, folded
 * categories, url, folded text. Lists are wrapped in US on both sides so `US t US` finds a whole value.
 */
export function filterRecord(item: Item): string {
  const list = (values: string[]) => (values.length ? `${US}${values.join(US)}${US}` : '');
  return [orderMember(orderKey(item)), item.portalId, item.sourceId, item.clusterId, item.language, list(item.topics), list(item.categories.map(foldText)), item.url, searchText(item)].join(RS);
}

export interface RecordFields {
  member: string;
  portalId: string;
  sourceId: string;
  clusterId: string;
  topics: string[];
  categories: string[];
  url: string;
}

export function readRecord(record: string): RecordFields {
  const [member, portalId, sourceId, clusterId, , topics, categories, url] = record.split(RS);
  const list = (s: string) => s.split(US).filter(Boolean);
  return { member, portalId, sourceId, clusterId, topics: list(topics), categories: list(categories), url };
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
 * KEYS: the filter-record hash, then the driver sorted sets.
 * ARGV: max bound ('+' or '(' member), min bound ('-' or '[' prefix), limit, budget, then filterArguments.
 * Returns { members, state }: state '' = nothing more, 'more' = another match follows the last
 * member, otherwise the member the budget ran out at (resume below it).
 */
export const QUERY_SCRIPT = `
local f = KEYS[1]
local maxb, minb = ARGV[1], ARGV[2]
local limit, budget = tonumber(ARGV[3]), tonumber(ARGV[4])
local function list(s) local t = {} for v in string.gmatch(s, '[^\\31]+') do t[#t + 1] = v end return t end
local portals = nil
if ARGV[5] ~= '' then portals = {} for _, p in ipairs(list(ARGV[5])) do portals[p] = true end end
local source, cluster, lang = ARGV[6], ARGV[7], ARGV[8]
local topics, cats, words = list(ARGV[9]), list(ARGV[10]), list(ARGV[11])
local langdash = lang .. '-'

local function any(field, wanted)
  if #wanted == 0 then return true end
  for _, w in ipairs(wanted) do if string.find(field, '\\31' .. w .. '\\31', 1, true) then return true end end
  return false
end

local function keep(rec)
  local _, p, s, c, l, tp, ct, _, text = string.match(rec, '^([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30([^\\30]*)\\30(.*)$')
  if not p then return false end
  if portals and not portals[p] then return false end
  if source ~= '' and s ~= source then return false end
  if cluster ~= '' and c ~= cluster then return false end
  if lang ~= '' and l ~= lang and string.sub(l, 1, #langdash) ~= langdash then return false end
  if not any(tp, topics) or not any(ct, cats) then return false end
  -- each query word must start a word of the item: "chuyen doi so" finds "Chuyển đổi số"
  for _, w in ipairs(words) do if not string.find(text, ' ' .. w, 1, true) then return false end end
  return true
end

local CHUNK = 256
local n = #KEYS - 1
local bufs, pos, bounds = {}, {}, {}
local function refill(i)
  bufs[i] = redis.call('ZRANGE', KEYS[i + 1], bounds[i], minb, 'BYLEX', 'REV', 'LIMIT', 0, CHUNK)
  pos[i] = 1
  if #bufs[i] > 0 then bounds[i] = '(' .. bufs[i][#bufs[i]] end
end
for i = 1, n do bounds[i] = maxb refill(i) end

local out, scanned, previous = {}, 0, nil
while true do
  local best, bestv = nil, nil
  for i = 1, n do
    if pos[i] > #bufs[i] and #bufs[i] == CHUNK then refill(i) end
    local v = bufs[i][pos[i]]
    if v and (bestv == nil or v > bestv) then best, bestv = i, v end
  end
  if best == nil then return { out, '' } end
  pos[best] = pos[best] + 1
  if bestv ~= previous then
    previous = bestv
    scanned = scanned + 1
    local rec = redis.call('HGET', f, string.sub(bestv, 18))
    if rec and keep(rec) then
      if #out == limit then return { out, 'more' } end
      out[#out + 1] = bestv
    end
    if scanned >= budget then return { out, bestv } end
  end
end
`;
