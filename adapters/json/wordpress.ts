/**
 * The WordPress REST API post list (/wp-json/wp/v2/posts), read with no mapping. With `?_embed`
 * WordPress also sends the featured image, the authors and the category names.
 */
import type { RawItem } from '../types.ts';
import { asText, atPath } from './paths.ts';

type Post = Record<string, unknown>;

/** True for a list whose entries look like WordPress posts. */
export function isWordPressList(body: unknown): body is Post[] {
  if (!Array.isArray(body)) return false;
  if (!body.length) return true;
  const first = body[0] as Post;
  return !!first && typeof first === 'object' && typeof atPath(first, 'title.rendered') === 'string' && typeof first.link === 'string';
}

export function wordPressItem(post: Post): RawItem {
  const embedded = (post._embedded ?? {}) as Record<string, unknown>;
  const terms = ((embedded['wp:term'] ?? []) as unknown[]).flat() as Post[];
  const authors = ((embedded.author ?? []) as Post[]).map((a) => asText(a?.name)).filter((a): a is string => !!a);
  const yoastAuthor = asText(atPath(post, 'yoast_head_json.author'));
  return {
    guid: asText(atPath(post, 'guid.rendered')) ?? asText(post.link),
    url: asText(post.link),
    title: asText(atPath(post, 'title.rendered')),
    summary: asText(atPath(post, 'excerpt.rendered')),
    contentHtml: asText(atPath(post, 'content.rendered')),
    // date_gmt is UTC without a zone designator; `date` is the site's local time
    published: gmt(post.date_gmt) ?? asText(post.date),
    updated: gmt(post.modified_gmt) ?? asText(post.modified),
    authors: authors.length ? authors : yoastAuthor ? [yoastAuthor] : [],
    categories: terms
      .filter((t) => t?.taxonomy === 'category')
      .map((t) => asText(t.name))
      .filter((c): c is string => !!c),
    image:
      asText(atPath(embedded, 'wp:featuredmedia.0.source_url')) ??
      asText(post.jetpack_featured_media_url) ??
      asText(atPath(post, 'yoast_head_json.og_image.0.url')),
  };
}

function gmt(value: unknown): string | undefined {
  const text = asText(value);
  return text && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) ? `${text}Z` : undefined;
}
