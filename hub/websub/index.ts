/** WebSub both ways: the hub publishes its unified feeds, and subscribes to its sources' hubs. */
import type { Hub } from '../hub.ts';
import type { PipelineDeps } from '../pipeline/refresh.ts';
import { WebSubPublisher, type PublisherOptions } from './publisher.ts';
import { WebSubSubscriber, type SubscriberOptions } from './subscriber.ts';

/** A source that pushes is still polled, this many times less often, in case a push is lost. */
export const PUSHED_POLL_FACTOR = 4;

type FetchListener = NonNullable<PipelineDeps['onFetched']>;

export class WebSub {
  readonly publisher: WebSubPublisher;
  readonly subscriber: WebSubSubscriber;
  private readonly unlisten: () => void;

  constructor(
    readonly hub: Hub,
    options: { log?: (line: string) => void; publisher?: PublisherOptions; subscriber?: SubscriberOptions } = {},
  ) {
    this.publisher = new WebSubPublisher(hub, { log: options.log, ...options.publisher });
    this.subscriber = new WebSubSubscriber(hub, { log: options.log, ...options.subscriber });
    const onFetched: FetchListener = (source, fetched, extracted) => this.subscriber.polled(source, fetched, extracted.channel);
    hub.fetchListeners.add(onFetched);
    this.unlisten = () => hub.fetchListeners.delete(onFetched);
  }

  /** Multiplies a source's poll interval for the scheduler: a source that pushes is polled less. */
  readonly pollFactor = (sourceId: string): number => (this.subscriber.isPushed(sourceId) ? PUSHED_POLL_FACTOR : 1);

  async idle(): Promise<void> {
    await Promise.all([this.publisher.idle(), this.subscriber.idle()]);
  }

  async close(): Promise<void> {
    this.unlisten();
    await Promise.all([this.publisher.close(), this.subscriber.close()]);
  }
}
