/** Request ids: sent back on every answer, errors included, and in the JSON log record of an unexpected error. */
import { expect } from 'chai';
import Koa from 'koa';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { requestIds } from '../../../hub/api/request-id.ts';
import { problemMiddleware } from '../../../hub/api/problem.ts';
import { jsonLog } from '../../../hub/log.ts';

describe('request ids and the error log', () => {
  let server: Server;
  let url: string;
  let out = '';

  before(async () => {
    const log = jsonLog(
      new Writable({
        write(chunk, _encoding, done) {
          out += chunk;
          done();
        },
      }),
    );
    const app = new Koa();
    app.use(requestIds(log));
    app.use(problemMiddleware(log));
    app.use(() => {
      throw new Error('boom\r\n{"level":30,"msg":"forged"}');
    });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('logs an unexpected error as one JSON record carrying the request id the answer names', async () => {
    out = '';
    const res = await fetch(url, { headers: { 'x-request-id': 'req-7' } });
    expect(res.status).to.equal(500);
    expect(res.headers.get('x-request-id')).to.equal('req-7');
    const records = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string; requestId: string; method: string; path: string });
    expect(records).to.have.length(1);
    expect(records[0]).to.include({ level: 50, requestId: 'req-7', method: 'GET', path: '/x' });
    expect(records[0].msg).to.contain('boom\r\n{"level":30,"msg":"forged"}');
  });

  it('replaces an incoming id that is not sane with a new one', async () => {
    out = '';
    const res = await fetch(url, { headers: { 'x-request-id': 'has space' } });
    const id = res.headers.get('x-request-id')!;
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((JSON.parse(out.split('\n')[0]) as { requestId: string }).requestId).to.equal(id);
  });
});
