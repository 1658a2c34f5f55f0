/**
 * Errors in the operator's language, for the web console: the catalogue's title and hint
 * (errorWords) and the field messages of HubError.errors[] (fieldMessage), in Vietnamese or in
 * English (the catalogue's own words and the messages as the hub produces them).
 *
 * Field messages come from the schemas' `x-message` annotations (translated one by one, keyed by
 * the exact English), from Ajv's checks as schemas/index.ts words them ("must be at most 200
 * characters": translated by pattern, the numbers and lists kept) and from the hub's own checks.
 * A message not known here is returned as it is: English is better than nothing.
 */
import { ERROR_CATALOGUE, isErrorCode, type ErrorCode } from './error-catalogue.ts';
import { ERROR_WORDS_VI } from './error-words-vi.ts';

export type ErrorLang = 'vi' | 'en';

export interface ErrorWords {
  title: string;
  hint: string;
}

/** A code's title and hint in `lang`; a code the catalogue does not know gets INTERNAL's. */
export function errorWords(code: string, lang: ErrorLang): ErrorWords {
  const known: ErrorCode = isErrorCode(code) ? code : 'INTERNAL';
  const { title, hint } = lang === 'vi' ? ERROR_WORDS_VI[known] : ERROR_CATALOGUE[known];
  return { title, hint };
}

/** A field message (HubError.errors[].message) in `lang`; one not known here unchanged. */
export function fieldMessage(message: string, lang: ErrorLang): string {
  if (lang !== 'vi') return message;
  return toVietnamese(message) ?? message;
}

function toVietnamese(message: string): string | undefined {
  if (Object.hasOwn(MESSAGES_VI, message)) return MESSAGES_VI[message];
  for (const [pattern, words] of PATTERNS_VI) {
    const match = pattern.exec(message);
    if (match) return words(...match.slice(1));
  }
  // an OPML import prefixes each message with the outline's text: `"Tin tức": is required`
  const labelled = /^("[^"]*"): (.+)$/s.exec(message);
  if (labelled) {
    const rest = toVietnamese(labelled[2]);
    if (rest !== undefined) return `${labelled[1]}: ${rest}`;
  }
  return undefined;
}

/** Portal levels as the directory names them (hub/pages/i18n/vi.ts). */
const LEVELS_VI: Record<string, string> = {
  central: 'trung ương',
  ministry: 'bộ, cơ quan ngang bộ',
  province: 'tỉnh, thành phố',
  department: 'sở, ban, ngành',
  commune: 'xã, phường, đặc khu',
  other: 'khác',
};
const level = (l: string) => `cấp ${LEVELS_VI[l] ?? l}`;

/** JSON types as Ajv names them in its own "must be string,null". */
const TYPES_VI: Record<string, string> = {
  string: 'văn bản',
  number: 'số',
  integer: 'số nguyên',
  boolean: 'true hoặc false',
  array: 'danh sách',
  object: 'đối tượng',
  null: 'null',
};

/** Messages known word for word. */
const MESSAGES_VI: Record<string, string> = {
  // what fieldErrors (schemas/index.ts) and hub/api/validate.ts say themselves
  'is required': 'bắt buộc phải có',
  'must be an smtp:// or smtps:// address, e.g. smtp://mail.example.gov.vn:587': 'phải là địa chỉ smtp:// hoặc smtps://, ví dụ smtp://mail.example.gov.vn:587',
  'is not a known field': 'là trường không được hỗ trợ',
  'is not a known query parameter': 'là tham số truy vấn không được hỗ trợ',
  'is invalid': 'không hợp lệ',
  'must not be empty': 'không được để trống',
  'must not list the same entry twice': 'không được liệt kê một mục hai lần',
  'must be a whole number': 'phải là số nguyên',
  'must be a number': 'phải là số',
  'must be text': 'phải là văn bản',
  'must be true or false': 'phải là true hoặc false',
  'must be a list': 'phải là danh sách',
  'must be an object': 'phải là đối tượng',
  'must be an absolute address, e.g. https://example.gov.vn/': 'phải là địa chỉ đầy đủ, ví dụ: https://example.gov.vn/',
  'must be a date, e.g. 2025-07-01': 'phải là ngày, ví dụ: 2025-07-01',
  'must be a valid regular expression': 'phải là biểu thức chính quy hợp lệ',

  // the schemas' x-message annotations (schemas/*.json, openapi.yaml)
  'must be 1 to 100 letters, digits or . _ -, e.g. hub-1': 'phải gồm 1 đến 100 chữ cái, chữ số hoặc . _ -, ví dụ: hub-1',
  'must be 1 to 64 letters, digits or : _ . -, e.g. portal-hub:': 'phải gồm 1 đến 64 chữ cái, chữ số hoặc : _ . -, ví dụ: portal-hub:',
  'must be 16 to 40 lower-case letters or digits': 'phải gồm 16 đến 40 chữ cái thường hoặc chữ số',
  'must be a date-time with a UTC offset, e.g. 2026-11-24T08:00:00+07:00': 'phải là ngày giờ kèm độ lệch so với giờ UTC, ví dụ: 2026-11-24T08:00:00+07:00',
  'must be a date, e.g. 2025-07-01, or a date-time with a UTC offset, e.g. 2025-07-01T08:00:00+07:00':
    'phải là ngày, ví dụ: 2025-07-01, hoặc ngày giờ kèm độ lệch so với giờ UTC, ví dụ: 2025-07-01T08:00:00+07:00',
  'must be a host name of lower-case letters, digits, dots and hyphens, e.g. www.youtube.com':
    'phải là tên miền gồm chữ cái thường, chữ số, dấu chấm và dấu gạch ngang, ví dụ: www.youtube.com',
  'must be a key id: 1 to 32 lower-case letters or digits, e.g. 3f9a2c7d1e': 'phải là mã khóa: 1 đến 32 chữ cái thường hoặc chữ số, ví dụ: 3f9a2c7d1e',
  'must be a language tag, e.g. vi or en-US': 'phải là mã ngôn ngữ, ví dụ: vi hoặc en-US',
  'must be a lower-case slug of letters a-z, digits and hyphens (no hyphen first or last), at most 64 characters, e.g. quang-ninh':
    'phải là chuỗi định danh viết thường gồm chữ cái a-z, chữ số và dấu gạch ngang (không bắt đầu hay kết thúc bằng dấu gạch ngang), tối đa 64 ký tự, ví dụ: quang-ninh',
  'must be a redis:// or rediss:// address, e.g. redis://127.0.0.1:6379': 'phải là địa chỉ redis:// hoặc rediss://, ví dụ: redis://127.0.0.1:6379',
  'must be a schema file name, e.g. item.schema.json': 'phải là tên tệp lược đồ, ví dụ: item.schema.json',
  'must be a topic id: lower-case letters, digits and hyphens, at most 64 characters, e.g. chuyen-doi-so':
    'phải là mã chủ đề: chữ cái thường, chữ số và dấu gạch ngang, tối đa 64 ký tự, ví dụ: chuyen-doi-so',
  'must be a webhook id: wh_ and 16 hexadecimal digits': 'phải là mã webhook: wh_ và 16 chữ số thập lục phân',
  'must be a webhook id: wh_ and 16 hexadecimal digits, e.g. wh_3f9a2c7d1e5b4a60':
    'phải là mã webhook: wh_ và 16 chữ số thập lục phân, ví dụ: wh_3f9a2c7d1e5b4a60',
  'must be an ISO 8601 week, e.g. 2026-W49': 'phải là tuần theo chuẩn ISO 8601, ví dụ: 2026-W49',
  'must be an absolute http(s) address, e.g. https://example.gov.vn/': 'phải là địa chỉ http(s) đầy đủ, ví dụ: https://example.gov.vn/',
  'must be an absolute http(s) address, e.g. https://hub.example.gov.vn': 'phải là địa chỉ http(s) đầy đủ, ví dụ: https://hub.example.gov.vn',
  'must be an action: lower-case words joined by a dot, e.g. source.create':
    'phải là tên thao tác: các từ viết thường nối với nhau bằng dấu chấm, ví dụ: source.create',
  'must be an adapter kind: a lower-case letter, then letters, digits or hyphens, at most 32 characters, e.g. feed':
    'phải là loại nguồn tin: một chữ cái thường, tiếp theo là chữ cái, chữ số hoặc dấu gạch ngang, tối đa 32 ký tự, ví dụ: feed',
  'must be an attribute name, e.g. href or data-src': 'phải là tên thuộc tính, ví dụ: href hoặc data-src',
  'must be keys and array indexes joined by dots, none empty, e.g. data.items or images.0.url':
    'phải gồm các khóa và chỉ số mảng nối với nhau bằng dấu chấm, không phần nào để trống, ví dụ: data.items hoặc images.0.url',
  'must be lower-case letters, digits and hyphens, at most 64 characters, e.g. hue-tin-tuc':
    'phải gồm chữ cái thường, chữ số và dấu gạch ngang, tối đa 64 ký tự, ví dụ: hue-tin-tuc',
  'must be portal-hub- followed by 16 to 64 letters, digits, _ or -, e.g. portal-hub-3f9a2c7d1e5b4a6c':
    'phải là portal-hub- theo sau là 16 đến 64 chữ cái, chữ số, _ hoặc -, ví dụ: portal-hub-3f9a2c7d1e5b4a6c',
  'must be the official administrative code: 2 digits for a province, 5 for a commune or ward, e.g. 22 or 06277':
    'phải là mã đơn vị hành chính chính thức: 2 chữ số đối với tỉnh, thành phố, 5 chữ số đối với xã, phường, ví dụ: 22 hoặc 06277',
  'must be whsec_ and a base64 key': 'phải là whsec_ theo sau là một khóa base64',
  'must contain {page} where the page number goes, e.g. ?page={page}': 'phải chứa {page} tại vị trí của số trang, ví dụ: ?page={page}',
  'must not contain control characters (U+0000–U+001F, U+007F–U+009F) or unpaired surrogates':
    'không được chứa ký tự điều khiển (U+0000–U+001F, U+007F–U+009F) hoặc ký tự thay thế (surrogate) đứng lẻ',
  'must not contain control characters other than tab and line breaks (U+0000–U+001F, U+007F–U+009F) or unpaired surrogates':
    'không được chứa ký tự điều khiển (U+0000–U+001F, U+007F–U+009F) ngoài ký tự tab và xuống dòng, hoặc ký tự thay thế (surrogate) đứng lẻ',

  // the hub's own checks (hub/, adapters/)
  'must be asc or desc': 'phải là asc hoặc desc',
  'is not a registered portal': 'không phải là cổng đã được đăng ký',
  'is set by the path of a portal feed': 'do đường dẫn của nguồn tin theo cổng quyết định',
  'is not valid JSON': 'không phải là JSON hợp lệ',
  'must be subscribe or unsubscribe': 'phải là subscribe hoặc unsubscribe',
  'is not a URL': 'không phải là địa chỉ URL',
  'must be 1 to 199 bytes (WebSub §5.1)': 'phải dài từ 1 đến 199 byte (WebSub §5.1)',
  'is not well-formed XML': 'không phải là XML đúng cú pháp',
  'has no <opml> root': 'không có phần tử gốc <opml>',
  'has no feed outline': 'không có mục outline nào chứa nguồn tin',
  'is not a cursor this hub issued': 'không phải là con trỏ phân trang do trung tâm này cấp',
  'is empty': 'đang để trống',
  'must be an array': 'phải là một mảng',
  'is not valid CSV': 'không phải là CSV hợp lệ',
  'is not a known column': 'là cột không được hỗ trợ',
  'is the portal itself': 'chính là cổng này',
  'must be in the future': 'phải là thời điểm trong tương lai',
  'is before since': 'sớm hơn since',
  'needs nextSelector or urlPattern': 'cần có nextSelector hoặc urlPattern',

  // Ajv's own wording, where a keyword has no words of the hub's
  'must be equal to constant': 'phải bằng giá trị cố định',
  'must be equal to one of the allowed values': 'phải là một trong các giá trị được phép',
  'must match a schema in anyOf': 'không khớp với dạng hợp lệ nào',
  'must match exactly one schema in oneOf': 'phải khớp với đúng một dạng hợp lệ',
  'must NOT be valid': 'không hợp lệ',
  'property name must be valid': 'có tên trường không hợp lệ',
};

type Words = (...parts: string[]) => string;
const N = '(-?\\d+(?:\\.\\d+)?)';
const re = (source: string) => new RegExp(`^${source}$`, 's');

/** Messages with variable parts (numbers, lists, names): the parts are kept. */
const PATTERNS_VI: [RegExp, Words][] = [
  // fieldErrors' bounds (schemas/index.ts KEYWORD_MESSAGES) and enum
  [re(`must be at least ${N} characters`), (n) => `phải có ít nhất ${n} ký tự`],
  [re(`must be at most ${N} characters`), (n) => `phải có tối đa ${n} ký tự`],
  [re(`must be at least ${N}`), (n) => `phải lớn hơn hoặc bằng ${n}`],
  [re(`must be at most ${N}`), (n) => `phải nhỏ hơn hoặc bằng ${n}`],
  [re(`must be more than ${N}`), (n) => `phải lớn hơn ${n}`],
  [re(`must be less than ${N}`), (n) => `phải nhỏ hơn ${n}`],
  [re(`must have at least ${N} (?:entry|entries)`), (n) => `phải có ít nhất ${n} mục`],
  [re(`must have at most ${N} (?:entry|entries)`), (n) => `phải có tối đa ${n} mục`],
  [re('must be one of:? (.+)'), (list) => `phải là một trong các giá trị: ${list}`],

  // the hub's own checks
  [re(`must be a whole number from ${N} to ${N}`), (a, b) => `phải là số nguyên từ ${a} đến ${b}`],
  [re('(".*") is not a registered portal'), (id) => `${id} không phải là cổng đã được đăng ký`],
  [re('(".*") is not a known source kind'), (kind) => `${kind} không phải là loại nguồn tin được hỗ trợ`],
  [re('(".*") is below (".*") in the directory \\(a cycle\\)'), (a, b) => `${a} nằm dưới ${b} trong danh bạ (tạo thành vòng lặp)`],
  [re('is already the code of (".*")'), (holder) => `đã là mã của ${holder}`],
  [re('(".*") is already used at (.+)'), (id, at) => `${id} đã được dùng tại ${at}`],
  [re(`a (\\w+) code has ${N} digits`), (l, n) => `mã của cổng ${level(l)} gồm ${n} chữ số`],
  [
    re('only province \\(2 digits\\) and commune \\(5 digits\\) portals carry an administrative code, not a (\\w+) portal'),
    (l) => `chỉ cổng cấp tỉnh (2 chữ số) và cấp xã (5 chữ số) mới có mã đơn vị hành chính, cổng ${level(l)} thì không có`,
  ],
  [
    re('a (\\w+) portal belongs under an? (.+) portal, not an? (\\w+) one'),
    (l, allowed, actual) => `cổng ${level(l)} phải trực thuộc cổng ${allowed.split(' or ').map(level).join(' hoặc ')}, không trực thuộc cổng ${level(actual)}`,
  ],
  [re('a (\\w+) portal has no parent'), (l) => `cổng ${level(l)} không có cổng cấp trên`],
  [re('would leave (".*") misplaced: (.+)'), (child, why) => `cổng trực thuộc ${child} sẽ nằm sai chỗ: ${toVietnamese(why) ?? why}`],
  [re('(".*") is not a topic of the taxonomy \\(one of (.*)\\)'), (t, list) => `${t} không phải là chủ đề trong bảng phân loại (các chủ đề: ${list})`],
  [re('is not a valid CSS selector: (.*)'), (detail) => `không phải là bộ chọn CSS hợp lệ: ${detail}`],
  [
    re('no portal \\(give hub:portal, or a portal for the whole file; no registered portal has the host (.*)\\)'),
    (host) => `không xác định được cổng (khai báo hub:portal, hoặc một cổng cho cả tệp; không có cổng đã đăng ký nào có tên miền ${host})`,
  ],
  [re('the same feed as (.+)'), (other) => `trùng nguồn tin với ${other}`],

  // Ajv's own wording, where a keyword has no words of the hub's
  [re(`must NOT have more than ${N} characters`), (n) => `phải có tối đa ${n} ký tự`],
  [re(`must NOT have fewer than ${N} characters`), (n) => `phải có ít nhất ${n} ký tự`],
  [re(`must NOT have more than ${N} items`), (n) => `phải có tối đa ${n} mục`],
  [re(`must NOT have fewer than ${N} items`), (n) => `phải có ít nhất ${n} mục`],
  [re(`must NOT have more than ${N} properties`), (n) => `phải có tối đa ${n} trường`],
  [re(`must NOT have fewer than ${N} properties`), (n) => `phải có ít nhất ${n} trường`],
  [re(`must be <= ${N}`), (n) => `phải nhỏ hơn hoặc bằng ${n}`],
  [re(`must be >= ${N}`), (n) => `phải lớn hơn hoặc bằng ${n}`],
  [re(`must be < ${N}`), (n) => `phải nhỏ hơn ${n}`],
  [re(`must be > ${N}`), (n) => `phải lớn hơn ${n}`],
  [re(`must be multiple of ${N}`), (n) => `phải là bội số của ${n}`],
  [re(`must contain at least ${N} valid item\\(s\\)`), (n) => `phải chứa ít nhất ${n} mục hợp lệ`],
  [re(`must contain at most ${N} valid item\\(s\\)`), (n) => `phải chứa tối đa ${n} mục hợp lệ`],
  [re(`must NOT have duplicate items \\(items ## ${N} and ${N} are identical\\)`), (a, b) => `không được có mục trùng nhau (mục số ${a} và ${b} giống nhau)`],
  [re('must match format "(.*)"'), (format) => `phải đúng định dạng "${format}"`],
  [re('must match pattern "(.*)"'), (pattern) => `phải khớp mẫu "${pattern}"`],
  [re('must match "(then|else)" schema'), (branch) => `phải khớp lược đồ "${branch}"`],
  [re('must have property (.+) when property (.+) is present'), (a, b) => `phải có trường ${a} khi có trường ${b}`],
  [
    re(`must be ((?:${Object.keys(TYPES_VI).join('|')})(?:,(?:${Object.keys(TYPES_VI).join('|')}))*)`),
    (types) =>
      `phải là ${types
        .split(',')
        .map((t) => TYPES_VI[t])
        .join(' hoặc ')}`,
  ],
];
