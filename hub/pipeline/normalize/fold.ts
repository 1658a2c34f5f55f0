/**
 * Search folding: lower case, no diacritics, Vietnamese đ → d, punctuation to spaces.
 * Old and new tone-mark placement (Hoà/Hòa, Thuỷ/Thủy) fold to the same key because every mark goes.
 */
const MARKS = /[\u0300-\u036f]/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(NON_WORD, ' ')
    .trim();
}
