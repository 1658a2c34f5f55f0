/**
 * The console's errors in the operator's language: every catalogue code has Vietnamese words,
 * every schema's x-message and every generic Ajv message has a Vietnamese translation that keeps
 * its variable parts, and what is not known passes unchanged.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ERROR_CATALOGUE, type ErrorCode } from '../../hub/error-catalogue.ts';
import { ERROR_WORDS_VI } from '../../hub/error-words-vi.ts';
import { errorWords, fieldMessage } from '../../hub/error-words.ts';
import { ajv, fieldErrors, MESSAGE } from '../../schemas/index.ts';

const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
const schemasDir = new URL('../../schemas/', import.meta.url);

/** Every x-message under a JSON (or YAML) document. */
function xMessages(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => xMessages(n, out));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === MESSAGE && typeof v === 'string') out.add(v);
      else xMessages(v, out);
    }
  return out;
}

/** What must survive a translation: commands and literals in backticks, env vars, CLI options, examples. */
const literals = (text: string) => text.match(/`[^`]+`|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|--[a-z][a-z-]*|(?<=e\.g\. )\S+/g) ?? [];
/** Words that would show English left untranslated. */
const ENGLISH = /\b(must|is|are|the|not|should|and|or|at least|at most)\b/;

describe('error words in Vietnamese (hub/error-words.ts)', () => {
  describe('errorWords', () => {
    it('has a Vietnamese title and hint for every catalogue code, not a copy of the English', () => {
      expect(Object.keys(ERROR_WORDS_VI).sort()).to.deep.equal([...codes].sort());
      const copies: string[] = [];
      for (const code of codes) {
        const vi = errorWords(code, 'vi');
        const en = errorWords(code, 'en');
        expect(vi.title.trim(), `${code} title`).not.to.equal('');
        expect(vi.hint.trim(), `${code} hint`).not.to.equal('');
        if (vi.title === en.title) copies.push(`${code} title`);
        if (vi.hint === en.hint) copies.push(`${code} hint`);
      }
      expect(copies).to.deep.equal([]);
    });

    it('keeps the commands, env vars and options of the English hint unchanged in the Vietnamese', () => {
      const lost = codes.flatMap((code) => {
        const { hint } = ERROR_CATALOGUE[code];
        return literals(hint)
          .filter((l) => !ERROR_WORDS_VI[code].hint.includes(l))
          .map((l) => `${code}: ${l}`);
      });
      expect(lost).to.deep.equal([]);
    });

    it("gives the catalogue's own English for 'en'", () => {
      for (const code of codes) {
        const { title, hint } = ERROR_CATALOGUE[code];
        expect(errorWords(code, 'en')).to.deep.equal({ title, hint });
      }
      expect(errorWords('PORTAL.NOT_FOUND', 'vi')).to.deep.equal({ title: 'Không có cổng này', hint: 'Kiểm tra mã cổng (`hub portals list`).' });
    });

    it("gives an unknown code INTERNAL's words, in either language", () => {
      // a code a newer hub may send, joined so that test/hub/errors.test.ts does not take it for one the tests expect
      const future = ['FUTURE', 'SOME_CODE'].join('.');
      for (const code of [future, '', 'toString', '__proto__', 'portal.not_found']) {
        expect(errorWords(code, 'vi'), code).to.deep.equal(errorWords('INTERNAL', 'vi'));
        expect(errorWords(code, 'en'), code).to.deep.equal({ title: ERROR_CATALOGUE.INTERNAL.title, hint: ERROR_CATALOGUE.INTERNAL.hint });
      }
      expect(errorWords(future, 'vi').title).to.equal('Lỗi nội bộ');
    });
  });

  describe('fieldMessage', () => {
    const schemaFiles = readdirSync(schemasDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    const found = new Set<string>();
    for (const file of schemaFiles) xMessages(JSON.parse(readFileSync(new URL(file, schemasDir), 'utf8')), found);
    const fromOpenApi = xMessages(parseYaml(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')));

    it('translates every x-message in schemas/*.json and openapi.yaml, keeping its example', () => {
      expect(schemaFiles).to.include.members(['portal.schema.json', 'adapters/html.schema.json']);
      expect(found.size).to.be.greaterThan(20);
      const all = [...found, ...fromOpenApi];
      const untranslated = all.filter((m) => fieldMessage(m, 'vi') === m);
      expect(untranslated, 'x-messages without a Vietnamese translation').to.deep.equal([]);
      for (const m of all) {
        const vi = fieldMessage(m, 'vi');
        expect(vi, m).not.to.match(ENGLISH);
        for (const l of literals(m)) expect(vi, m).to.contain(l);
        expect(fieldMessage(m, 'en')).to.equal(m);
      }
    });

    it("translates Ajv's messages as fieldErrors words them, with their numbers and lists kept", () => {
      const validate = ajv().compile({
        type: 'object',
        required: ['needed'],
        additionalProperties: false,
        properties: {
          needed: {},
          short: { type: 'string', maxLength: 200 },
          long: { type: 'string', minLength: 16 },
          filled: { type: 'string', minLength: 1 },
          low: { type: 'integer', minimum: 60 },
          high: { type: 'number', maximum: 64 },
          above: { type: 'number', exclusiveMinimum: 0 },
          below: { type: 'number', exclusiveMaximum: 100 },
          few: { type: 'array', minItems: 2 },
          one: { type: 'array', minItems: 1 },
          many: { type: 'array', maxItems: 20 },
          unique: { type: 'array', uniqueItems: true },
          level: { enum: ['province', 'commune'] },
          text: { type: 'string' },
          flag: { type: 'boolean' },
          list: { type: 'array' },
          obj: { type: 'object' },
          whole: { type: 'integer' },
          uri: { type: 'string', format: 'uri' },
          day: { type: 'string', format: 'date' },
          at: { type: 'string', format: 'date-time' },
          regex: { type: 'string', format: 'regex' },
        },
      });
      const value = {
        extra: 1,
        short: 'x'.repeat(201),
        long: 'short',
        filled: '',
        low: 59,
        high: 65,
        above: 0,
        below: 100,
        few: [1],
        one: [],
        many: Array.from({ length: 21 }, (_, i) => i),
        unique: [1, 1],
        level: 'ward',
        text: 1,
        flag: 'yes',
        list: {},
        obj: [],
        whole: 1.5,
        uri: 'not a uri',
        day: 'soon',
        at: 'later',
        regex: '(',
      };
      expect(validate(value)).to.equal(false);
      const vi = Object.fromEntries(fieldErrors(validate.errors).map((e) => [e.field, [e.message, fieldMessage(e.message, 'vi')]]));
      // every message Ajv and fieldErrors produced here is translated
      for (const [field, [en, words]] of Object.entries(vi)) {
        expect(words, `${field}: ${en}`).not.to.equal(en);
        expect(words, `${field}: ${en}`).not.to.match(ENGLISH);
      }
      expect(vi['/needed']).to.deep.equal(['is required', 'bắt buộc phải có']);
      expect(vi['/extra']).to.deep.equal(['is not a known field', 'là trường không được hỗ trợ']);
      expect(vi['/short']).to.deep.equal(['must be at most 200 characters', 'phải có tối đa 200 ký tự']);
      expect(vi['/long']).to.deep.equal(['must be at least 16 characters', 'phải có ít nhất 16 ký tự']);
      expect(vi['/filled'][1]).to.equal('không được để trống');
      expect(vi['/low']).to.deep.equal(['must be at least 60', 'phải lớn hơn hoặc bằng 60']);
      expect(vi['/high']).to.deep.equal(['must be at most 64', 'phải nhỏ hơn hoặc bằng 64']);
      expect(vi['/above'][1]).to.equal('phải lớn hơn 0');
      expect(vi['/below'][1]).to.equal('phải nhỏ hơn 100');
      expect(vi['/few']).to.deep.equal(['must have at least 2 entries', 'phải có ít nhất 2 mục']);
      expect(vi['/one']).to.deep.equal(['must have at least 1 entry', 'phải có ít nhất 1 mục']);
      expect(vi['/many'][1]).to.equal('phải có tối đa 20 mục');
      expect(vi['/level']).to.deep.equal(['must be one of: province, commune', 'phải là một trong các giá trị: province, commune']);
      expect(vi['/whole'][1]).to.equal('phải là số nguyên');
      expect(vi['/uri'][1]).to.contain('https://example.gov.vn/');
      expect(vi['/day'][1]).to.equal('phải là ngày, ví dụ: 2025-07-01');
      expect(Object.keys(vi)).to.have.length(Object.keys(value).length + 1);
    });

    it('translates the query and hub messages with their variable parts kept', () => {
      expect(fieldMessage('is not a known query parameter', 'vi')).to.equal('là tham số truy vấn không được hỗ trợ');
      expect(fieldMessage('must be a whole number from 1 to 50', 'vi')).to.equal('phải là số nguyên từ 1 đến 50');
      expect(fieldMessage('"ha-noi" is not a registered portal', 'vi')).to.equal('"ha-noi" không phải là cổng đã được đăng ký');
      expect(fieldMessage('a commune code has 5 digits', 'vi')).to.equal('mã của cổng cấp xã, phường, đặc khu gồm 5 chữ số');
      expect(fieldMessage('a commune portal belongs under a province or central portal, not a ministry one', 'vi')).to.equal(
        'cổng cấp xã, phường, đặc khu phải trực thuộc cổng cấp tỉnh, thành phố hoặc cấp trung ương, không trực thuộc cổng cấp bộ, cơ quan ngang bộ',
      );
      expect(fieldMessage('"Tin tức": must be at most 2048 characters', 'vi')).to.equal('"Tin tức": phải có tối đa 2048 ký tự');
      expect(fieldMessage('must NOT have more than 3 properties', 'vi')).to.equal('phải có tối đa 3 trường');
      expect(fieldMessage('must be string,null', 'vi')).to.equal('phải là văn bản hoặc null');
    });

    it('returns an unknown message unchanged, and every message unchanged in English', () => {
      for (const m of ['must be a unicorn', 'is required, twice', '', 'must be at least many characters', '"x": is not known at all'])
        expect(fieldMessage(m, 'vi'), m).to.equal(m);
      expect(fieldMessage('is required', 'en')).to.equal('is required');
      expect(fieldMessage('must be at most 200 characters', 'en')).to.equal('must be at most 200 characters');
    });
  });
});
