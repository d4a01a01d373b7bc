import { stringWidth } from '../text/text-width.js';

/**
 * The part of an API's name that tells it from its family's others: "page html" for "Wikimedia REST - page html"
 * (the family, or the words before " - "); the whole name when it fits `width` or has no such prefix.
 */
export function distinctName(name: string, family: string | undefined, width: number): string {
  if (stringWidth(name) <= width) return name;
  const prefix = family && name.startsWith(family) && name.length > family.length ? family : name.includes(' - ') ? name.slice(0, name.indexOf(' - ')) : '';
  const rest = name.slice(prefix.length).replace(/^[\s:/·–-]+/, '');
  return rest === '' ? name : rest;
}
