/** A portal level in words, in the page's language: one map for the public pages and the console. */
import type { PortalLevel } from '../model.ts';
import type { MessageKey, Messages } from './i18n/index.ts';

export const LEVEL_KEY: Record<PortalLevel, MessageKey> = {
  central: 'levelCentral',
  ministry: 'levelMinistry',
  province: 'levelProvince',
  department: 'levelDepartment',
  commune: 'levelCommune',
  other: 'levelOther',
};

export const levelName = (t: Messages, level: PortalLevel): string => t[LEVEL_KEY[level]];
