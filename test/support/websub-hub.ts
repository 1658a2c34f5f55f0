/**
 * A portal's own WebSub hub, for tests and benchmarks: accepts subscriptions and unsubscriptions,
 * verifies intent against the callback with a challenge, and publishes signed content to verified
 * subscribers.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { TestServer } from './http.ts';

export interface MockSubscription {
  callback: string;
  topic: string;
  secret?: string;
  leaseSeconds: number;
  verified: boolean;
}

export interface MockWebSubHub {
  url: string;
  requests: URLSearchParams[];
  subscriptions: MockSubscription[];
  /** POSTs `body` to every verified subscriber of `topic`; resolves with their statuses. */
  publish(topic: string, body: string, contentType: string, options?: { badSignature?: boolean }): Promise<number[]>;
  idle(): Promise<void>;
}

export function mountWebSubHub(server: TestServer, path: string, options: { leaseSeconds?: number } = {}): MockWebSubHub {
  const requests: URLSearchParams[] = [];
  const subscriptions: MockSubscription[] = [];
  const pending = new Set<Promise<void>>();
  server.route(path, async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const form = new URLSearchParams(text);
    requests.push(form);
    res.writeHead(202).end();
    const verification = (async () => {
      const challenge = randomBytes(8).toString('hex');
      const lease = options.leaseSeconds ?? Number(form.get('hub.lease_seconds') ?? 3600);
      const url = new URL(form.get('hub.callback')!);
      url.searchParams.set('hub.mode', form.get('hub.mode')!);
      url.searchParams.set('hub.topic', form.get('hub.topic')!);
      url.searchParams.set('hub.challenge', challenge);
      url.searchParams.set('hub.lease_seconds', String(lease));
      const answer = await fetch(url);
      const verified = answer.ok && (await answer.text()) === challenge;
      const existing = subscriptions.findIndex((s) => s.callback === form.get('hub.callback') && s.topic === form.get('hub.topic'));
      // an unsubscription the subscriber does not confirm leaves the subscription as it was (§5.3)
      if (form.get('hub.mode') === 'unsubscribe') {
        if (verified && existing >= 0) subscriptions.splice(existing, 1);
        return;
      }
      if (existing >= 0) subscriptions.splice(existing, 1);
      subscriptions.push({
        callback: form.get('hub.callback')!,
        topic: form.get('hub.topic')!,
        secret: form.get('hub.secret') ?? undefined,
        leaseSeconds: lease,
        verified,
      });
    })();
    pending.add(verification);
    void verification.finally(() => pending.delete(verification));
  });
  return {
    url: `${server.url}${path}`,
    requests,
    subscriptions,
    async publish(topic, body, contentType, opts = {}) {
      const out: number[] = [];
      for (const s of subscriptions.filter((x) => x.verified && x.topic === topic)) {
        const headers: Record<string, string> = { 'content-type': contentType, link: `<${server.url}${path}>; rel="hub", <${topic}>; rel="self"` };
        if (s.secret)
          headers['x-hub-signature'] = `sha256=${createHmac('sha256', opts.badSignature ? 'not-the-secret' : s.secret)
            .update(body)
            .digest('hex')}`;
        out.push((await fetch(s.callback, { method: 'POST', headers, body })).status);
      }
      return out;
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
