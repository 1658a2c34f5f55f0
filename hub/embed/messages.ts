/**
 * What an embed says, in Vietnamese, when the page author got a parameter wrong: the iframe page
 * shows it instead of the list, the widget in its box (and the problem's detail in the console).
 * Built from the problem+json the hub answers (its `errors`, one per field); shared by the hub and
 * the widget, so it imports nothing at runtime.
 */

/** The parts of a problem+json answer read here. */
export interface EmbedProblem {
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** Query parameters by their Vietnamese name. */
const FIELD_NAMES: Record<string, string> = {
  portal: 'cổng (portal)',
  within: 'cổng (within)',
  level: 'cấp (level)',
  topic: 'chủ đề (topic)',
  category: 'chuyên mục (category)',
  q: 'từ khóa (q)',
  since: 'từ ngày (since)',
  until: 'đến ngày (until)',
  lang: 'ngôn ngữ (lang)',
  limit: 'số tin (limit)',
};

/** The value a field message names in quotes (`"x" is not a registered portal`), if any. */
const quoted = (message: string) => /^"([^"]*)"/.exec(message)?.[1];

function sentence(field: string, message: string): string {
  const value = quoted(message);
  if ((field === 'portal' || field === 'within') && /not a registered portal/.test(message))
    return `Không tìm thấy cổng “${value ?? ''}” (mã cổng trong data-${field} hoặc ${field}=).`;
  if (field === 'topic' && /not a topic/.test(message)) return `Không có chủ đề “${value ?? ''}” (data-topic hoặc topic=).`;
  if (field === 'until' && /before since/.test(message)) return 'Ngày kết thúc (until) đứng trước ngày bắt đầu (since).';
  if (/not a known query parameter/.test(message)) return `Tham số “${field}” không được hỗ trợ.`;
  const allowed = /^must be one of: (.*)$/.exec(message)?.[1];
  return `Giá trị của ${FIELD_NAMES[field] ?? `“${field}”`} không hợp lệ${allowed ? ` (dùng một trong: ${allowed})` : ''}.`;
}

/** One short paragraph per wrong parameter; a general line when the answer names none. */
export function embedProblemText(problem: EmbedProblem): string[] {
  const lines = (problem.errors ?? []).map((e) => sentence(e.field, e.message));
  if (lines.length) return [...new Set(lines)];
  return [problem.status === 404 ? 'Không tìm thấy nội dung yêu cầu.' : 'Không hiển thị được tin: tham số của khung tin không hợp lệ.'];
}
