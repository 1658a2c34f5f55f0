/**
 * The words of alert e-mail, one place per language. Vietnamese comes first in every message,
 * English below it. `reason` explains a source's last error in plain words by its code (the
 * English falls back to the error catalogue's title and hint: hub/error-catalogue.ts).
 */
import { catalogueEntry, isErrorCode } from '../error-catalogue.ts';
import type { SourceError } from './model.ts';

export type AlertKind = 'source.failing' | 'source.disabled' | 'source.recovered' | 'source.drift' | 'portal.silent' | 'webhook.failing';

export interface AlertTexts {
  /** The subject's state phrase, after the portal and source names. */
  subject: Record<AlertKind, string>;
  /** What happened, one sentence. */
  happened: Record<AlertKind, string>;
  /** What to do. */
  todo: Record<AlertKind, string>;
  portal: string;
  source: string;
  webhook: string;
  reason: string;
  detail: string;
  since: string;
  lastPublished: string;
  never: string;
  norm: (days: number) => string;
  console: string;
  api: string;
  mute: string;
  digestSubject: (n: number) => string;
  digestIntro: (n: number) => string;
  /** A source's last error in plain words. */
  explain: (error: SourceError | undefined) => string;
}

const VI_REASONS: [RegExp, (e: SourceError) => string][] = [
  [/^FETCH\.HTTP_STATUS$/, (e) => `Máy chủ của cổng trả lời bằng mã lỗi HTTP ${e.message.match(/\b[1-5]\d\d\b/)?.[0] ?? ''}`.trim() + ' thay vì nội dung tin.'],
  [/^FETCH\.(CONNECT_)?TIMEOUT$/, () => 'Máy chủ của cổng không trả lời trong thời gian cho phép.'],
  [/^FETCH\.DNS$/, () => 'Không tìm thấy tên miền của nguồn tin (lỗi phân giải tên miền DNS).'],
  [/^FETCH\.(REFUSED|RESET|NETWORK|FAILED)$/, () => 'Không kết nối được tới máy chủ của cổng.'],
  [/^FETCH\.TLS/, () => 'Chứng chỉ bảo mật (HTTPS/TLS) của cổng không hợp lệ hoặc đã hết hạn.'],
  [/^FETCH\.(TOO_LARGE|DECOMPRESSED_TOO_LARGE)$/, () => 'Nội dung nguồn tin quá lớn.'],
  [/^FETCH\.(BAD_REDIRECT|TOO_MANY_REDIRECTS)$/, () => 'Địa chỉ nguồn tin chuyển hướng sai hoặc chuyển hướng quá nhiều lần.'],
  [/^FETCH\.PRIVATE_ADDRESS$/, () => 'Tên miền của nguồn tin trỏ tới một địa chỉ nội bộ mà hệ thống không được phép truy cập.'],
  [/^PARSE\.LAYOUT_DRIFT$/, () => 'Bố cục trang của cổng đã thay đổi: các bộ chọn đã cấu hình không còn tìm thấy tin.'],
  [/^(PARSE\.|SOURCE\.NO_ITEMS)/, () => 'Nội dung nhận được không đọc được như một nguồn tin (RSS, Atom, sơ đồ trang…).'],
];

export const VI: AlertTexts = {
  subject: {
    'source.failing': 'nguồn tin đang bị lỗi',
    'source.disabled': 'nguồn tin đã bị tạm dừng do lỗi kéo dài',
    'source.recovered': 'nguồn tin đã hoạt động trở lại',
    'source.drift': 'bố cục trang đã thay đổi',
    'portal.silent': 'cổng không đăng tin mới',
    'webhook.failing': 'webhook không nhận được sự kiện',
  },
  happened: {
    'source.failing': 'Hệ thống không lấy được tin từ nguồn tin này.',
    'source.disabled': 'Nguồn tin lỗi liên tiếp quá nhiều lần nên hệ thống đã ngừng lấy tin tự động.',
    'source.recovered': 'Nguồn tin đã lấy được tin bình thường trở lại. Không cần làm gì thêm.',
    'source.drift': 'Trang nguồn đã đổi bố cục; tin có thể bị thiếu tiêu đề, liên kết hoặc không được lấy về.',
    'portal.silent': 'Cổng không có tin mới nào trong thời gian lâu hơn mức quy định cho cấp của cổng.',
    'webhook.failing': 'Webhook không nhận được sự kiện sau nhiều lần gửi lại nên đã bị đánh dấu là lỗi; hệ thống ngừng gửi tới webhook này.',
  },
  todo: {
    'source.failing': 'Kiểm tra địa chỉ nguồn tin có mở được không và máy chủ của cổng có hoạt động không. Hệ thống tự thử lại.',
    'source.disabled': 'Sửa lỗi ở phía cổng, sau đó bấm "Lấy tin ngay" trên bảng điều khiển (hoặc `hub sources refresh`) để hệ thống lấy tin lại.',
    'source.recovered': 'Không cần làm gì.',
    'source.drift': 'Xem trước nguồn tin và cập nhật các bộ chọn (selector) cho khớp với bố cục mới.',
    'portal.silent': 'Kiểm tra cổng có đăng tin không và các nguồn tin của cổng có còn đúng không.',
    'webhook.failing': 'Kiểm tra máy nhận webhook, rồi bật lại webhook (`hub webhooks enable <id>`).',
  },
  portal: 'Cổng',
  source: 'Nguồn tin',
  webhook: 'Webhook',
  reason: 'Lý do',
  detail: 'Chi tiết kỹ thuật',
  since: 'Tính từ',
  lastPublished: 'Tin mới nhất',
  never: 'chưa có tin nào',
  norm: (days) => `Mức quy định: có tin mới ít nhất mỗi ${days} ngày.`,
  console: 'Xem trên bảng điều khiển',
  api: 'API',
  mute: 'Tắt cảnh báo e-mail của nguồn này',
  digestSubject: (n) => `tổng hợp ${n} cảnh báo`,
  digestIntro: (n) => `Có ${n} cảnh báo khác trong thời gian qua, được gộp vào thư này:`,
  explain: (e) => (e ? (VI_REASONS.find(([re]) => re.test(e.code))?.[1](e) ?? 'Không lấy được tin từ nguồn tin.') : 'Không rõ.'),
};

export const EN: AlertTexts = {
  subject: {
    'source.failing': 'source failing',
    'source.disabled': 'source disabled after repeated failures',
    'source.recovered': 'source recovered',
    'source.drift': 'page layout changed',
    'portal.silent': 'portal has published nothing',
    'webhook.failing': 'webhook failing',
  },
  happened: {
    'source.failing': 'The hub could not fetch this source.',
    'source.disabled': 'The source failed too many times in a row, so the hub stopped polling it.',
    'source.recovered': 'The source is fetched normally again. Nothing to do.',
    'source.drift': "The source page's layout changed: items may lack titles or links, or not be found.",
    'portal.silent': "The portal has published nothing for longer than its level's norm.",
    'webhook.failing': 'The webhook did not take an event through all retries, so it is marked failing and nothing more is sent to it.',
  },
  todo: {
    'source.failing': "Check that the source URL opens and that the portal's server is up. The hub retries by itself.",
    'source.disabled': 'Fix the problem on the portal, then refresh the source by hand (console, or `hub sources refresh`) to resume polling.',
    'source.recovered': 'Nothing.',
    'source.drift': 'Preview the source and update its selectors to the new layout.',
    'portal.silent': 'Check whether the portal publishes, and whether its sources are still right.',
    'webhook.failing': 'Check the receiver, then enable the webhook again (`hub webhooks enable <id>`).',
  },
  portal: 'Portal',
  source: 'Source',
  webhook: 'Webhook',
  reason: 'Reason',
  detail: 'Technical detail',
  since: 'Since',
  lastPublished: 'Newest item',
  never: 'none yet',
  norm: (days) => `Norm: something new at least every ${days} days.`,
  console: 'In the console',
  api: 'API',
  mute: "Mute this source's alert e-mail",
  digestSubject: (n) => `digest of ${n} alerts`,
  digestIntro: (n) => `${n} more alerts came in meanwhile, folded into this message:`,
  explain: (e) => {
    if (!e) return 'Unknown.';
    if (!isErrorCode(e.code)) return 'The source could not be fetched.';
    const entry = catalogueEntry(e.code);
    return `${entry.title}. ${entry.hint}`;
  },
};
