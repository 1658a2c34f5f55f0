/** Runs a Lua script by its SHA1 (EVALSHA), sending the body only when Redis does not have it cached yet. */
import { createHash } from 'node:crypto';

/** The one command this needs of a Redis client (kept structural, so the store and this file do not import each other). */
interface CommandSender {
  sendCommand(args: string[]): Promise<unknown>;
}

const shas = new Map<string, string>();

export async function runScript<T>(client: CommandSender, script: string, keys: string[], args: string[]): Promise<T> {
  let sha = shas.get(script);
  if (!sha) shas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
  const call = (cmd: string, body: string) => client.sendCommand([cmd, body, String(keys.length), ...keys, ...args]) as Promise<T>;
  try {
    return await call('EVALSHA', sha);
  } catch (e) {
    if (!String((e as Error).message).startsWith('NOSCRIPT')) throw e;
    return call('EVAL', script);
  }
}
