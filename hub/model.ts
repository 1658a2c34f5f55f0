/** Domain types, all generated from openapi.yaml and the JSON Schemas it references (npm run gen:api). */
import type { components } from './api/openapi.gen.ts';

type S = components['schemas'];
export type Portal = S['Portal'];
export type PortalInput = S['PortalInput'];
export type PortalLevel = S['PortalLevel'];
export type Source = S['Source'];
export type SourceInput = S['SourceInput'];
export type SourceHealth = S['SourceHealth'];
export type SourceError = S['sourceError'];
export type Item = S['Item'];
export type ItemPage = S['ItemPage'];
export type RefreshResult = S['RefreshResult'];
export type Problem = S['Problem'];
export type MediaRef = Item['media'][number];
export type PortalTree = S['PortalTree'];
export type ImportResult = S['ImportResult'];
export type LayoutDrift = S['LayoutDrift'];
export type PreviewInput = S['PreviewInput'];
export type Preview = S['Preview'];
export type PreviewProblem = S['PreviewProblem'];
export type DiscoverInput = S['DiscoverInput'];
export type Discovery = S['Discovery'];
export type DiscoveredSource = S['DiscoveredSource'];
export type HtmlOptions = S['HtmlOptions'];
export type JsonOptions = S['JsonOptions'];
export type SitemapOptions = S['SitemapOptions'];
