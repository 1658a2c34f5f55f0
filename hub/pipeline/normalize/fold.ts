/**
 * Search folding: lower case, no diacritics, Vietnamese đ → d, punctuation to spaces.
 * Old and new tone-mark placement (Hoà/Hòa, Thuỷ/Thủy) fold to the same key because every mark goes.
 *
 * Folding runs for every stored item (search text, title keys) and every near-duplicate check, so
 * it works character by character: ASCII directly, anything else through a table filled by the
 * full rule (NFD, marks dropped, đ, lower case) the first time that character is seen — Vietnamese
 * text uses a few hundred. The one difference from folding whole strings: Greek final sigma folds
 * to σ like any other sigma (which search wants anyway).
 */
const MARKS = /[\u0300-\u036f]/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
/** Beyond this many distinct characters the table stops growing (a hostile feed cannot bloat it). */
const MAX_TABLE = 20_000;
const table = new Map<number, string>();

function foldCharacter(ch: string): string {
  return ch.normalize('NFD').replace(MARKS, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(NON_WORD, ' ');
}

export function foldText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += text[i];
      else if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
      else out += ' ';
      continue;
    }
    // a surrogate pair is one character
    const ch = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? text.slice(i, ++i + 1) : text[i];
    const code = ch.codePointAt(0)!;
    let folded = table.get(code);
    if (folded === undefined) {
      folded = foldCharacter(ch);
      if (table.size < MAX_TABLE) table.set(code, folded);
    }
    out += folded;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}
