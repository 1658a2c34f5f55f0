/** Query types of the use cases that the routes name too (re-exported by hub/hub.ts). */
import type { operations } from '../api/openapi.gen.ts';

export type PortalQuery = NonNullable<operations['listPortals']['parameters']['query']>;

export interface ScorecardQuery {
  level?: string;
  sort?: string;
  order?: string;
}
