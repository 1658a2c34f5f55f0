/**
 * The one rule for which changes of a source's health are worth telling someone about: webhooks
 * (hub/webhooks/delivery.ts) and alert e-mail (runner.ts) both call it, so they never disagree.
 */
import type { Source } from '../model.ts';

export type SourceTransition = 'source.failing' | 'source.disabled' | 'source.recovered' | 'source.drift';

/** What changed between a source's health before and after one refresh (empty: nothing to tell). */
export function sourceTransitions(before: Source, after: Source): SourceTransition[] {
  const out: SourceTransition[] = [];
  const was = before.health.state;
  const now = after.health.state;
  if (now === 'failing' && was !== 'failing') out.push('source.failing');
  if (now === 'disabled' && was !== 'disabled') out.push('source.disabled');
  if (now === 'ok' && (was === 'failing' || was === 'disabled')) out.push('source.recovered');
  if (after.health.drift && !before.health.drift) out.push('source.drift');
  return out;
}
