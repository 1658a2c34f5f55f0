/** Types of the alerts folder. */
import type { Source } from '../model.ts';

export type SourceError = NonNullable<Source['health']['lastError']>;

/** One e-mail waiting in the outbox (a meta map in the store), kept until sent or given up. */
export interface OutboxMail {
  /** Stable for one alert and one address: the same alert is never queued twice. */
  id: string;
  /** The alert kind (or `digest`), for the metrics. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  createdAt: number;
  attempts: number;
  dueAt: number;
}

/** A mail as composed, before it is addressed. */
export interface Composed {
  subject: string;
  text: string;
}
