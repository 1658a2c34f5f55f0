/**
 * The hub's log: one JSON object a line (pino), so whatever a message carries (a callback URL with
 * CR/LF, a feed's text) is a JSON string, escaped by construction, and can never forge a line.
 * Parts of the hub take a `Log`: a message and, optionally, fields (`requestId`, `level` …) that
 * become properties of the record. The composition root (hub/main.ts) makes the one logger;
 * tests may pass any function instead.
 */
import { randomUUID } from 'node:crypto';
import { pino, type DestinationStream, type Level } from 'pino';

export type LogFields = Record<string, unknown> & { level?: Level };
export type Log = (line: string, fields?: LogFields) => void;

/** A log writing JSON lines to `destination` (by default stdout, written synchronously so an exit loses nothing). */
export function jsonLog(destination?: DestinationStream): Log {
  const logger = pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination ?? pino.destination({ dest: 1, sync: true }));
  return (line, fields) => {
    const { level = 'info', ...rest } = fields ?? {};
    logger[level](rest, line);
  };
}

/** The same log with `bindings` in every record (the HTTP app's per-request log carries its request id). */
export const childLog =
  (log: Log, bindings: Record<string, unknown>): Log =>
  (line, fields) =>
    log(line, { ...bindings, ...fields });

/** An incoming X-Request-Id the hub takes over as is: short, and only characters that are safe anywhere. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The request id: the client's X-Request-Id when it is sane, else a new UUID. */
export function requestIdOf(incoming: string | undefined): string {
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
