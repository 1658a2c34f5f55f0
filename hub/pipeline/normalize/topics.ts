/**
 * Topics: the shared taxonomy (schemas/topics.json) and a source's own rules (its options,
 * validated by schemas/adapters/feed.schema.json) give each item topic ids. Source categories
 * are compared folded, so `Chuyển đổi số`, `CHUYỂN ĐỔI SỐ` and `chuyen doi so` are one category.
 */
import { readFileSync } from 'node:fs';
import { fieldErrors, validatorFor } from '../../../schemas/index.ts';
import type { Item } from '../../model.ts';
import { foldText } from './fold.ts';

export interface Topic {
  id: string;
  name: string;
  nameEn?: string;
  description: string;
  aliases: string[];
  media?: ('audio' | 'video')[];
}

export interface TopicRule {
  topic: string;
  category?: string;
  categoryPattern?: string;
  titlePattern?: string;
  urlPrefix?: string;
  medium?: 'audio' | 'video' | 'image';
}

/** The topic options of a source (a subset of its adapter options). */
export interface TopicOptions {
  categoryMap?: Record<string, string>;
  topicRules?: TopicRule[];
  topics?: string[];
  taxonomyAliases?: boolean;
}

/** What a topic decision looks at. */
export type TopicInput = Pick<Item, 'title' | 'url' | 'categories' | 'media'>;
export type TopicAssigner = (item: TopicInput) => string[];

let taxonomy: Topic[] | undefined;

/** The shared taxonomy, read and validated once. */
export function topicTaxonomy(): Topic[] {
  if (taxonomy) return taxonomy;
  const doc = JSON.parse(readFileSync(new URL('../../../schemas/topics.json', import.meta.url), 'utf8'));
  const validate = validatorFor<{ topics: Topic[] }>('topics.schema.json');
  if (!validate(doc))
    throw new Error(
      `schemas/topics.json is invalid: ${fieldErrors(validate.errors)
        .map((e) => `${e.field} ${e.message}`)
        .join('; ')}`,
    );
  taxonomy = doc.topics;
  return doc.topics;
}

/** The medium of a media entry: its MIME type's top level, or what Media RSS said. */
export function mediumOf(type: string): string {
  if (/mpegurl/i.test(type)) return 'video';
  return type.split('/')[0].toLowerCase();
}

/** Compiled assigners by their options: most sources share options, and compiling folds every alias of the taxonomy. */
const compiled = new Map<string, TopicAssigner>();
const COMPILED_MAX = 1000;

/** A source's topic options as one function, compiled once for those options. */
export function topicAssigner(options: TopicOptions = {}): TopicAssigner {
  const key = JSON.stringify([options.categoryMap, options.topicRules, options.topics, options.taxonomyAliases]);
  let assigner = compiled.get(key);
  if (assigner) {
    // least recently used goes first
    compiled.delete(key);
  } else {
    assigner = compileAssigner(options);
    if (compiled.size >= COMPILED_MAX) compiled.delete(compiled.keys().next().value!);
  }
  compiled.set(key, assigner);
  return assigner;
}

function compileAssigner(options: TopicOptions): TopicAssigner {
  const byCategory = new Map<string, Set<string>>();
  const add = (category: string, topic: string) => {
    const key = foldText(category);
    if (!byCategory.has(key)) byCategory.set(key, new Set());
    byCategory.get(key)!.add(topic);
  };
  const byMedium = new Map<string, string[]>();
  if (options.taxonomyAliases !== false) {
    for (const t of topicTaxonomy()) {
      for (const alias of [t.name, ...t.aliases]) add(alias, t.id);
      for (const m of t.media ?? []) byMedium.set(m, [...(byMedium.get(m) ?? []), t.id]);
    }
  }
  for (const [category, topic] of Object.entries(options.categoryMap ?? {})) add(category, topic);
  const rules = (options.topicRules ?? []).map((r) => ({
    topic: r.topic,
    category: r.category === undefined ? undefined : foldText(r.category),
    // the schema checked these are regular expressions; `u` so \b and classes see Vietnamese letters
    categoryPattern: r.categoryPattern === undefined ? undefined : new RegExp(r.categoryPattern, 'u'),
    titlePattern: r.titlePattern === undefined ? undefined : new RegExp(r.titlePattern, 'u'),
    urlPrefix: r.urlPrefix,
    medium: r.medium,
  }));
  const always = options.topics ?? [];

  return (item) => {
    const out = new Set<string>(always);
    const folded = item.categories.map(foldText);
    const media = new Set(item.media.map((m) => mediumOf(m.type)));
    for (const c of folded) for (const t of byCategory.get(c) ?? []) out.add(t);
    for (const m of media) for (const t of byMedium.get(m) ?? []) out.add(t);
    let title: string | undefined;
    for (const r of rules) {
      if (r.category !== undefined && !folded.includes(r.category)) continue;
      if (r.categoryPattern && !folded.some((c) => r.categoryPattern!.test(c))) continue;
      if (r.titlePattern && !r.titlePattern.test((title ??= foldText(item.title)))) continue;
      if (r.urlPrefix && !item.url.startsWith(r.urlPrefix)) continue;
      if (r.medium && !media.has(r.medium)) continue;
      out.add(r.topic);
    }
    return [...out];
  };
}
