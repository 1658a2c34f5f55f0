import type Router from '@koa/router';
import type { Context } from 'koa';
import type { ServerResponse } from 'node:http';
import { CATCH_UP_LIMIT, type Hub, type ItemFilter } from '../../hub.ts';
import { HubError } from '../../errors.ts';
import { validQuery } from '../validate.ts';
import { matches, prepareQuery } from '../../store/item-match.ts';
import { tombstone } from '../../publish/tombstone.ts';
import { eventTypeOf, ItemStream, parseEventId, type StreamEvent } from '../../publish/stream.ts';
import { DEFAULTS } from '../../config.ts';
import type { Principal } from '../../keys/principal.ts';

const HEARTBEAT_MS = 20_000;
/** Seconds a refused client is asked to wait before trying again. */
const RETRY_AFTER_S = 30;

/**
 * GET /api/v1/stream: Server-Sent Events of items as they are stored, filtered like
 * GET /api/v1/items (the query goes through the same filter resolution). Resumes after
 * `Last-Event-ID` (header, or `lastEventId` in the query for clients that cannot set headers).
 * An instance serves at most streamMaxClients streams, and at most streamMaxPerKey to one key or
 * streamMaxPerAddress to one client address without a key, so one caller cannot take them all.
 */
export function streamRoutes(router: Router, hub: Hub) {
  const stream = new ItemStream(hub.announcer);
  hub.metrics.gauge('hub_stream_clients', 'Live stream (SSE) clients connected', () => stream.size);
  const maxClients = hub.config.streamMaxClients ?? DEFAULTS.streamMaxClients;
  const maxPerAddress = hub.config.streamMaxPerAddress ?? DEFAULTS.streamMaxPerAddress;
  const maxPerKey = hub.config.streamMaxPerKey ?? DEFAULTS.streamMaxPerKey;
  /** Streams open per caller (`key:…` or `ip:…`). */
  const perCaller = new Map<string, number>();

  router.get('/api/v1/stream', async (ctx) => {
    const { lastEventId, ...filterQuery } = ctx.query;
    ctx.query = filterQuery;
    const filter = validQuery<ItemFilter>(ctx, 'listItems');
    const { cursor: _cursor, ...itemQuery } = await hub.resolveFilter(filter);
    const prepared = prepareQuery({ ...itemQuery, limit: CATCH_UP_LIMIT });
    const retryAfter = { headers: { 'Retry-After': String(RETRY_AFTER_S) } };
    const principal = ctx.state.principal as Principal | undefined;
    const caller = principal ? `key:${principal.keyId}` : `ip:${ctx.ip}`;
    const callerMax = principal ? maxPerKey : maxPerAddress;
    if ((perCaller.get(caller) ?? 0) >= callerMax)
      throw new HubError(
        'STREAM.TOO_MANY_FOR_CALLER',
        `At most ${callerMax} live streams at once for ${principal ? 'this key' : 'this address'}; close one or retry in ${RETRY_AFTER_S} s`,
        retryAfter,
      );
    if (stream.size >= maxClients) throw new HubError('STREAM.TOO_MANY_CLIENTS', 'The hub serves too many live streams right now; retry shortly', retryAfter);
    perCaller.set(caller, (perCaller.get(caller) ?? 0) + 1);
    const release = () => {
      const n = (perCaller.get(caller) ?? 1) - 1;
      if (n > 0) perCaller.set(caller, n);
      else perCaller.delete(caller);
    };

    const out = openEventStream(ctx);
    const send = (e: StreamEvent) => out.write(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(tombstone(e.item))}\n\n`);
    const wanted = (e: StreamEvent) => matches(e.item, prepared);

    const resumeFrom = parseEventId(ctx.get('last-event-id') || (typeof lastEventId === 'string' ? lastEventId : undefined));
    const replay = resumeFrom ? stream.since(resumeFrom) : [];
    let held: StreamEvent[] | undefined = replay ? undefined : [];
    const unsubscribe = stream.subscribe((e) => {
      if (!wanted(e)) return;
      if (held) held.push(e);
      else send(e);
    });
    const heartbeat = setInterval(() => out.write(': keep-alive\n\n'), HEARTBEAT_MS);
    ctx.req.once('close', () => {
      release();
      clearInterval(heartbeat);
      unsubscribe();
      out.end();
    });

    if (replay) {
      for (const e of replay) if (wanted(e)) send(e);
      return;
    }
    // The id is older than what the hub keeps in memory (or from before a restart): send what the
    // store holds that changed since then, then the live events that arrived meanwhile.
    const since = resumeFrom!.ms;
    const changed = await hub.itemsChangedSince(itemQuery, since);
    const mark = stream.lastId();
    for (const item of changed)
      if (!held!.some((e) => e.item.id === item.id))
        send({ id: mark, type: eventTypeOf(item, Date.parse(item.fetchedAt) > since && item.updatedAt <= item.fetchedAt), item });
    for (const e of held!) send(e);
    held = undefined;
  });
}

/**
 * Headers and the raw response for text/event-stream; proxies must not buffer it. Koa steps aside
 * (respond = false): a client going away is the normal end of a stream, not an error to log.
 */
function openEventStream(ctx: Context): ServerResponse {
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.respond = false;
  const out = ctx.res;
  out.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
    'Access-Control-Allow-Origin': '*',
  });
  // retry: how long a browser waits before reconnecting (WHATWG HTML §9.2.6)
  out.write('retry: 5000\n: connected\n\n');
  return out;
}
