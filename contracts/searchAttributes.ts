/**
 * Custom search attributes of klachtflow workflows, defined once. The worker upserts them, the API
 * sets them at start, the dev server registers them at launch and the production namespace job
 * (docker-compose.yml) creates them: all read this table.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SEARCH_ATTRIBUTE_TYPES = {
  CaseStatus: 'Keyword',
  NextDeadline: 'Datetime',
  SchoolBrin: 'Keyword',
  Category: 'Keyword',
  Sector: 'Keyword',
} as const satisfies Record<string, 'Keyword' | 'Datetime' | 'Text' | 'Int' | 'Double' | 'Bool' | 'KeywordList'>;

export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const NextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const SchoolBrinKey = defineSearchAttributeKey('SchoolBrin', SearchAttributeType.KEYWORD);
export const CategoryKey = defineSearchAttributeKey('Category', SearchAttributeType.KEYWORD);
export const SectorKey = defineSearchAttributeKey('Sector', SearchAttributeType.KEYWORD);

/** `--search-attribute Name=Type` arguments for `temporal server start-dev`. */
export function devServerSearchAttributeArgs(): string[] {
  return Object.entries(SEARCH_ATTRIBUTE_TYPES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}
