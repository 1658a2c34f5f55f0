import { expect } from 'chai';
import { titleKeys, titleWords } from '../../../hub/pipeline/title-keys.ts';
import { jaccard, TITLE_LIKENESS, words } from '../../../hub/pipeline/similarity.ts';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES =
  'thủ tướng chính phủ chủ trì hội nghị toàn quốc về chuyển đổi số ủy ban nhân dân tỉnh thành phố kế hoạch triển khai công tác cải cách hành chính năm 2026 và các của cho người thông báo lịch tuần sở giáo dục đào tạo y tế'.split(
    ' ',
  );

describe('title keys', () => {
  it('are pairs of the longest distinct folded words, as many as near-identity needs', () => {
    expect(titleWords('Chuyển đổi số: chuyển đổi SỐ')).to.deep.equal(['chuyen', 'doi', 'so']);
    // 12 distinct words at likeness 0.8: 12 − ⌈9.6⌉ + 2 = 4 prefix words, 6 pairs
    expect(titleKeys('Thủ tướng chủ trì hội nghị toàn quốc về chuyển đổi số')).to.deep.equal([
      'chuyen+tuong',
      'chuyen+nghi',
      'chuyen+quoc',
      'tuong+nghi',
      'tuong+quoc',
      'nghi+quoc',
    ]);
    // 5 words: 5 − 4 + 2 = 3 prefix words (0.8 × 5 must not round up to 5)
    expect(titleKeys('Thông báo lịch công tác')).to.have.length(3);
    expect(titleKeys('Thông báo')).to.deep.equal(['thong+bao']);
    expect(titleKeys('Thông báo!')).to.deep.equal(titleKeys('thong bao'));
    expect(titleKeys('Video')).to.deep.equal(['video']);
    expect(titleKeys(' — ')).to.deep.equal([]);
  });

  it('share a key for every pair of titles at least TITLE_LIKENESS alike (generated edits)', () => {
    const rand = random(20261124);
    const pick = () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    let alike = 0;
    for (let n = 0; n < 3000; n++) {
      const a = Array.from({ length: 1 + Math.floor(rand() * 24) }, pick);
      const b = [...a];
      // a few edits: drop, insert, replace, change case
      for (let e = Math.floor(rand() * 3); e > 0; e--) {
        const at = Math.floor(rand() * b.length);
        const op = rand();
        if (op < 0.3) b.splice(at, 1);
        else if (op < 0.6) b.splice(at, 0, pick());
        else if (op < 0.9) b[at] = pick();
        else b[at] = b[at]?.toUpperCase();
      }
      const likeness = jaccard(new Set(words(a.join(' '))), new Set(words(b.join(' '))));
      if (likeness < TITLE_LIKENESS) continue;
      alike++;
      const keysB = new Set(titleKeys(b.join(' ')));
      expect(
        titleKeys(a.join(' ')).some((k) => keysB.has(k)),
        `${a.join(' ')} | ${b.join(' ')}`,
      ).to.equal(true);
    }
    // the generator must actually produce near-identical pairs for the check to mean anything
    expect(alike).to.be.greaterThan(1000);
  });
});
