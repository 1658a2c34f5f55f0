/**
 * The error catalogue's title and hint in Vietnamese, for the web console (Vietnamese by default).
 * One entry per code of hub/error-catalogue.ts: the Record type makes a code added there without
 * its words here a compile error. CLI commands, environment variables, HTTP headers, field names
 * and code literals stay as they are, so an operator can type them.
 *
 * Words: "cổng" (cổng thông tin điện tử) for a portal, "nguồn tin" for a source, "tin bài" for an
 * item, "khóa API" for a key, "quản trị viên" for an admin, "cán bộ vận hành" for an operator,
 * "trung tâm" (trung tâm liên thông) for the hub, as the public pages say (hub/pages/i18n/vi.ts).
 */
import type { ErrorCode } from './error-catalogue.ts';

export const ERROR_WORDS_VI: Record<ErrorCode, { title: string; hint: string }> = {
  // xác thực và phạm vi
  'AUTH.MISSING_KEY': {
    title: 'Cần có khóa API',
    hint: 'Gửi khóa trong tiêu đề "Authorization: Bearer <key>". Quản trị viên tạo khóa bằng lệnh `hub keys create`.',
  },
  'AUTH.INVALID_KEY': {
    title: 'Khóa API không hợp lệ',
    hint: 'Khóa không tồn tại, đã bị thu hồi hoặc đã hết hạn: đề nghị quản trị viên cấp khóa mới (lệnh `hub keys list` cho biết tình trạng từng khóa).',
  },
  'AUTH.SCOPE': {
    title: 'Ngoài phạm vi các cổng của khóa',
    hint: 'Khóa của cán bộ vận hành chỉ áp dụng cho cổng của mình và các cổng trực thuộc: dùng khóa của cổng đó hoặc khóa quản trị.',
  },
  'AUTH.ADMIN_ONLY': { title: 'Cần khóa quản trị', hint: 'Chỉ khóa quản trị mới thực hiện được thao tác này: đề nghị quản trị viên thực hiện.' },

  // kiểm tra tùy chọn của dòng lệnh
  'CLI.BAD_CONCURRENCY': { title: 'Giá trị --concurrency không hợp lệ', hint: 'Cho --concurrency một số nguyên từ 1 đến 64.' },
  'CLI.BAD_CONFIG': {
    title: 'Không đọc được tệp --config',
    hint: 'Cho --config một tệp chứa đúng một đối tượng JSON: các tùy chọn của nguồn tin.',
  },
  'CLI.BAD_EXPIRY': { title: 'Giá trị --expires không hợp lệ', hint: 'Nhập một khoảng thời gian (30d, 12h) hoặc một ngày (2027-01-01).' },
  'CLI.BAD_INTERVAL': { title: 'Giá trị --interval không hợp lệ', hint: 'Nhập số giây nguyên, tối thiểu là 60.' },
  'CLI.BAD_ROLE': { title: 'Giá trị --role không hợp lệ', hint: 'Dùng --role admin hoặc --role operator.' },
  'CLI.BAD_SCOPE': { title: 'Khóa quản trị không gắn với cổng', hint: 'Bỏ --portal: khóa quản trị áp dụng cho mọi cổng.' },
  'CLI.CONFLICTING_OPTIONS': { title: 'Các tùy chọn mâu thuẫn nhau', hint: 'Chỉ dùng một trong các tùy chọn được nêu trong thông báo.' },
  'CLI.NOTHING_TO_CHANGE': { title: 'Không có gì để thay đổi', hint: 'Nêu nội dung cần thay đổi: --url, --interval, --pause hoặc --resume.' },
  'CLI.PORTAL_REQUIRED': {
    title: 'Cần có --portal',
    hint: 'Nhập --portal <id>: cổng mà nguồn tin hoặc khóa của cán bộ vận hành thuộc về.',
  },

  // dòng lệnh làm việc với trung tâm ở xa (HUB_URL)
  'CLIENT.UNREACHABLE': {
    title: 'Không kết nối được trung tâm',
    hint: 'Kiểm tra HUB_URL, trung tâm có đang chạy và có kết nối được từ máy này không.',
  },
  'CLIENT.NOT_FOUND': {
    title: 'Không tìm thấy trên trung tâm',
    hint: 'Máy chủ tại HUB_URL không phục vụ đường dẫn này: kiểm tra HUB_URL có đúng là địa chỉ gốc của trung tâm không.',
  },
  'CLIENT.DENIED': {
    title: 'Bị từ chối trước khi đến trung tâm',
    hint: 'Một thành phần đứng trước trung tâm (máy chủ proxy) đã từ chối yêu cầu: kiểm tra HUB_URL và quy tắc truy cập của proxy.',
  },
  'CLIENT.REJECTED': {
    title: 'Yêu cầu bị từ chối',
    hint: 'Máy chủ tại HUB_URL từ chối yêu cầu mà không nêu lý do theo cách dòng lệnh này hiểu được: xem thông báo, kiểm tra HUB_URL và bảo đảm dòng lệnh cùng phiên bản với trung tâm.',
  },
  'CLIENT.HUB_ERROR': { title: 'Lỗi tại trung tâm', hint: 'Máy chủ tại HUB_URL gặp lỗi: xem chi tiết trong nhật ký của máy chủ.' },

  // cấu hình
  'CONFIG.CA_FILE': {
    title: 'Không đọc được HUB_FETCH_CA_FILE',
    hint: 'Trỏ HUB_FETCH_CA_FILE tới một tệp đọc được, chứa các chứng thư số định dạng PEM (-----BEGIN CERTIFICATE-----).',
  },
  'CONFIG.INVALID': {
    title: 'Cấu hình không hợp lệ',
    hint: 'Sửa các thiết lập được nêu trong thông báo (biến môi trường hoặc tùy chọn) rồi khởi động lại.',
  },

  // nhập danh bạ cổng
  'DIRECTORY.EMPTY': { title: 'Tệp danh bạ trống', hint: 'Gửi tệp có ít nhất một cổng.' },
  'DIRECTORY.IMPORT_INVALID': {
    title: 'Danh bạ có dòng không hợp lệ',
    hint: 'Sửa các dòng được liệt kê trong errors rồi nhập lại: chưa có dòng nào được nhập.',
  },
  'DIRECTORY.MALFORMED': {
    title: 'Không đọc được tệp danh bạ',
    hint: 'Gửi tệp JSON (một mảng các cổng, hoặc một đối tượng có mảng "portals") hoặc tệp CSV có dòng tiêu đề.',
  },
  'DIRECTORY.TOO_MANY_ROWS': { title: 'Tệp danh bạ quá lớn', hint: 'Chia tệp thành nhiều lần nhập nhỏ hơn.' },
  'DIRECTORY.UNKNOWN_COLUMNS': {
    title: 'Tệp CSV có cột không xác định',
    hint: 'Đổi tên hoặc bỏ các cột được nêu; thông báo liệt kê các cột hợp lệ.',
  },

  'DISCOVER.FAILED': {
    title: 'Dò tìm nguồn tin thất bại',
    hint: 'Có lỗi ngoài dự kiến khi thử một nguồn tin ứng viên: xem chi tiết trong nhật ký của trung tâm.',
  },
  'DOCS.NOT_FOUND': { title: 'Không có tệp tài liệu này', hint: 'Kiểm tra đường dẫn: /docs là tài liệu tham chiếu API.' },
  'FEED.NOT_FOUND': {
    title: 'Không có nguồn tin (feed) này',
    hint: 'Dùng một trong các nguồn tin có tên được liệt kê trong thông báo, hoặc /feeds/all kèm bộ lọc.',
  },

  // tải dữ liệu từ cổng (lưu thành lastError của nguồn tin)
  'FETCH.BAD_REDIRECT': {
    title: 'Chuyển hướng không có đích',
    hint: 'Cổng chuyển hướng mà không có tiêu đề Location: đăng ký địa chỉ cuối cùng, hoặc đề nghị quản trị kỹ thuật của cổng sửa chuyển hướng.',
  },
  'FETCH.BAD_SCHEME': { title: 'Không phải địa chỉ http(s)', hint: 'Nhập địa chỉ bắt đầu bằng http:// hoặc https://.' },
  'FETCH.BAD_URL': { title: 'Địa chỉ không hợp lệ', hint: 'Nhập đầy đủ địa chỉ http(s), không kèm tên đăng nhập hay mật khẩu.' },
  'FETCH.CONNECT_TIMEOUT': {
    title: 'Hết thời gian chờ kết nối',
    hint: 'Cổng không nhận kết nối kịp thời hạn: kiểm tra cổng có đang hoạt động và truy cập được từ mạng của trung tâm không. Trung tâm sẽ tự thử lại, giãn dần thời gian giữa các lần.',
  },
  'FETCH.DECOMPRESSED_TOO_LARGE': {
    title: 'Tệp nén quá lớn sau khi giải nén',
    hint: 'Tệp gzip (sitemap.xml.gz) sau khi giải nén vượt quá HUB_MAX_FEED_BYTES: trỏ nguồn tin tới một tệp nhỏ hơn, hoặc tăng HUB_MAX_FEED_BYTES.',
  },
  'FETCH.DNS': { title: 'Không phân giải được tên miền', hint: 'Kiểm tra chính tả tên miền và tên miền có phân giải được từ trung tâm không.' },
  'FETCH.FAILED': {
    title: 'Tải dữ liệu thất bại ngoài dự kiến',
    hint: 'Có lỗi ngoài dự kiến khi tải dữ liệu: xem chi tiết trong nhật ký của trung tâm. Nguồn tin sẽ được thử lại ở lần thu thập kế tiếp.',
  },
  'FETCH.HTTP_STATUS': {
    title: 'Cổng trả về lỗi',
    hint: 'Kiểm tra địa chỉ còn tồn tại không (404, 410), hoặc chờ cổng hoạt động trở lại (5xx); trung tâm tuân theo tiêu đề Retry-After của cổng.',
  },
  'FETCH.NETWORK': {
    title: 'Lỗi mạng',
    hint: 'Kiểm tra cổng có truy cập được từ mạng của trung tâm không. Trung tâm sẽ tự thử lại, giãn dần thời gian giữa các lần.',
  },
  'FETCH.PRIVATE_ADDRESS': {
    title: 'Địa chỉ không công khai',
    hint: 'Trung tâm chỉ tải dữ liệu từ địa chỉ công khai. Để cho phép một máy chủ nội bộ, đơn vị triển khai khai báo máy chủ đó trong HUB_FETCH_ALLOW (hoặc đặt HUB_ALLOW_PRIVATE_FETCH).',
  },
  'FETCH.REFUSED': {
    title: 'Kết nối bị từ chối',
    hint: 'Không có dịch vụ nào trả lời tại máy chủ và cổng kết nối (port) đó: kiểm tra port trong địa chỉ và máy chủ của cổng có đang chạy không.',
  },
  'FETCH.RESET': {
    title: 'Kết nối bị đóng giữa chừng',
    hint: 'Cổng (hoặc tường lửa) đã đóng kết nối trước khi trả lời xong. Thường chỉ là tạm thời; nếu kéo dài, hãy báo quản trị kỹ thuật của cổng.',
  },
  'FETCH.TIMEOUT': {
    title: 'Cổng phản hồi quá thời gian',
    hint: 'Cổng không trả lời xong kịp thời hạn: kiểm tra cổng có đang hoạt động không. Trung tâm sẽ tự thử lại, giãn dần thời gian giữa các lần.',
  },
  'FETCH.TLS': {
    title: 'Không xác minh được TLS',
    hint: 'Không xác minh được chứng thư số HTTPS của cổng: quản trị kỹ thuật của cổng cần khắc phục.',
  },
  'FETCH.TLS_EXPIRED': {
    title: 'Chứng thư số đã hết hạn',
    hint: 'Cổng cần gia hạn chứng thư số (hoặc đồng hồ của trung tâm bị sai, khi thông báo là "chưa có hiệu lực").',
  },
  'FETCH.TLS_HOSTNAME': {
    title: 'Chứng thư số cấp cho tên miền khác',
    hint: 'Dùng tên miền ghi trên chứng thư số của cổng, hoặc đề nghị quản trị kỹ thuật của cổng sửa chứng thư số.',
  },
  'FETCH.TLS_INCOMPLETE_CHAIN': {
    title: 'Chuỗi chứng thư số không đầy đủ',
    hint: 'Cổng cần cung cấp chứng thư số trung gian; trong khi chờ, đơn vị triển khai có thể bổ sung chứng thư trung gian qua HUB_FETCH_CA_FILE.',
  },
  'FETCH.TLS_UNTRUSTED': {
    title: 'Chứng thư số không được tin cậy',
    hint: 'Tổ chức cấp chứng thư số (CA) không được tin cậy tại đây: đơn vị triển khai có thể thêm CA đó qua HUB_FETCH_CA_FILE.',
  },
  'FETCH.TOO_LARGE': { title: 'Dữ liệu trả về quá lớn', hint: 'Trỏ nguồn tin tới một nguồn nhỏ hơn, hoặc tăng HUB_MAX_FEED_BYTES.' },
  'FETCH.TOO_MANY_REDIRECTS': {
    title: 'Chuyển hướng quá nhiều lần',
    hint: 'Đăng ký địa chỉ cuối cùng sau các lần chuyển hướng, hoặc đề nghị cổng sửa vòng lặp chuyển hướng.',
  },

  'FILTER.INVALID': {
    title: 'Không áp dụng được bộ lọc',
    hint: 'Sửa các trường lọc được nêu trong errors (cổng hoặc chủ đề không tồn tại, khoảng thời gian trống …).',
  },
  INTERNAL: {
    title: 'Lỗi nội bộ',
    hint: 'Lỗi phần mềm hoặc sự cố ngoài dự kiến: xem chi tiết trong nhật ký của trung tâm; khi báo lỗi, ghi rõ thời điểm gửi yêu cầu.',
  },

  // tin bài
  'ITEM.INVALID': {
    title: 'Tin bài bị loại',
    hint: 'Các tin bài này thiếu thông tin bắt buộc (tiêu đề, đường dẫn, ngày đăng) nên bị bỏ qua: sửa tùy chọn của nguồn tin, hoặc đề nghị cổng sửa các tin bài đó.',
  },
  'ITEM.NOT_FOUND': { title: 'Không có tin bài này', hint: 'Kiểm tra mã tin bài.' },
  'ITEM.NOT_WITHDRAWN': { title: 'Tin bài chưa bị gỡ', hint: 'Chỉ khôi phục được tin bài đã gỡ: không cần làm gì thêm.' },
  'ITEM.WITHDRAWN': { title: 'Tin bài đã bị gỡ', hint: 'Cổng đã gỡ tin bài này; tin không còn được đăng.' },

  // khóa API
  'KEY.EXPIRY_PAST': { title: 'Ngày hết hạn đã qua', hint: 'Nhập ngày hết hạn trong tương lai.' },
  'KEY.NOT_FOUND': { title: 'Không có khóa này', hint: 'Kiểm tra mã khóa (`hub keys list`).' },
  'KEY.UNKNOWN_PORTAL': {
    title: 'Cổng chưa được đăng ký',
    hint: 'Đăng ký cổng trước (`hub portals add`), hoặc sửa lại mã cổng.',
  },

  // nhập OPML
  'OPML.EMPTY': { title: 'Tệp OPML không có nguồn tin nào', hint: 'Gửi tệp OPML có các mục outline mang thuộc tính xmlUrl.' },
  'OPML.IMPORT_INVALID': {
    title: 'Tệp OPML có nguồn tin không hợp lệ',
    hint: 'Sửa các mục outline được liệt kê trong errors rồi nhập lại: chưa có nguồn tin nào được nhập.',
  },
  'OPML.MALFORMED': { title: 'Không phải tệp OPML', hint: 'Gửi tệp XML đúng cú pháp, có phần tử gốc <opml>.' },
  'OPML.TOO_MANY_FEEDS': { title: 'Tệp OPML có quá nhiều nguồn tin', hint: 'Chia tệp thành nhiều lần nhập nhỏ hơn.' },

  // đọc dữ liệu đã tải (lưu thành lastError của nguồn tin)
  'PARSE.ENCODING': {
    title: 'Không đọc được bảng mã',
    hint: 'Nội dung là dữ liệu nhị phân hoặc dùng bảng mã không xác định: kiểm tra địa chỉ có trả về nguồn tin hay trang web không, và cổng có khai báo bảng mã (charset) không.',
  },
  'PARSE.FAILED': {
    title: 'Đọc nội dung thất bại ngoài dự kiến',
    hint: 'Có lỗi ngoài dự kiến khi đọc nội dung: xem chi tiết trong nhật ký của trung tâm.',
  },
  'PARSE.JSON': { title: 'Không phải JSON', hint: 'Địa chỉ không trả về JSON: kiểm tra địa chỉ và loại nguồn tin.' },
  'PARSE.JSON_SHAPE': { title: 'Không có danh sách trong JSON', hint: 'Sửa options.mapping.items để trỏ đúng tới danh sách bài viết.' },
  'PARSE.LAYOUT_DRIFT': {
    title: 'Bố cục trang đã thay đổi',
    hint: 'Các bộ chọn (selector) không còn tìm thấy tin bài: kiểm tra trang bằng `hub check <url>` và cập nhật tùy chọn của nguồn tin.',
  },
  'PARSE.NOT_A_FEED': {
    title: 'Không phải nguồn tin RSS/Atom',
    hint: 'Địa chỉ không trả về RSS, Atom hay JSON Feed: dùng chức năng dò tìm để tìm các nguồn tin của cổng, hoặc đăng ký trang với loại html.',
  },
  'PARSE.NOT_A_SITEMAP': {
    title: 'Không phải sơ đồ trang (sitemap)',
    hint: 'Kiểm tra địa chỉ có trả về sitemap không (phần tử <urlset> hoặc <sitemapindex>).',
  },
  'PARSE.NOT_WORDPRESS': {
    title: 'Không phải danh sách bài viết WordPress',
    hint: 'Khai báo options.mapping với đường dẫn tới danh sách và các trường của nó.',
  },
  'PARSE.TIMEOUT': {
    title: 'Đọc nội dung quá thời gian',
    hint: 'Nội dung quá lớn hoặc quá phức tạp để đọc kịp thời hạn: dùng nguồn tin nhỏ hơn hoặc bộ chọn đơn giản hơn.',
  },
  'PARSE.UNKNOWN_KIND': {
    title: 'Không nhận dạng được nội dung',
    hint: 'Khai báo loại nguồn tin, hoặc dùng chức năng dò tìm để tìm các nguồn tin của cổng.',
  },
  'PARSE.WORKER': {
    title: 'Tiến trình trích xuất đã dừng',
    hint: 'Không cần làm gì: nguồn tin sẽ được đọc lại ở lần thu thập kế tiếp. Nếu lỗi lặp lại, nhật ký của trung tâm ghi rõ nguyên nhân.',
  },
  'PARSE.XML': { title: 'XML sai cú pháp', hint: 'Nguồn tin không phải XML đúng cú pháp: quản trị kỹ thuật của cổng cần khắc phục.' },

  // cổng thông tin
  'PORTAL.EXISTS': { title: 'Cổng đã được đăng ký', hint: 'Dùng mã khác, hoặc sửa thông tin cổng đã đăng ký.' },
  'PORTAL.MISPLACED': { title: 'Cổng không phù hợp với danh bạ', hint: 'Sửa parentId và level theo nội dung trong errors.' },
  'PORTAL.NOT_EMPTY': { title: 'Cổng vẫn còn dữ liệu', hint: 'Xóa các cổng trực thuộc và các nguồn tin của cổng trước.' },
  'PORTAL.NOT_FOUND': { title: 'Không có cổng này', hint: 'Kiểm tra mã cổng (`hub portals list`).' },
  'PORTAL.UNKNOWN_PARENT': {
    title: 'Cổng cấp trên chưa được đăng ký',
    hint: 'Đăng ký cổng cấp trên trước (`hub portals add`), hoặc sửa parentId.',
  },

  'RATE.LIMITED': {
    title: 'Quá nhiều yêu cầu',
    hint: 'Chờ số giây ghi trong Retry-After rồi thử lại; giãn các yêu cầu ra.',
  },

  // yêu cầu gửi tới API
  'REQUEST.BODY_REQUIRED': { title: 'Thiếu nội dung yêu cầu', hint: 'Gửi nội dung JSON kèm Content-Type: application/json.' },
  'REQUEST.INVALID': { title: 'Yêu cầu không hợp lệ', hint: 'Sửa các trường được nêu trong errors.' },
  'REQUEST.INVALID_CURSOR': {
    title: 'Con trỏ phân trang không hợp lệ',
    hint: 'Truyền nguyên con trỏ (cursor) của trang trước, hoặc bắt đầu lại không kèm con trỏ.',
  },
  'REQUEST.MALFORMED_JSON': { title: 'JSON sai cú pháp', hint: 'Gửi JSON hợp lệ.' },
  'REQUEST.TOO_LARGE': {
    title: 'Nội dung yêu cầu quá lớn',
    hint: 'Gửi nội dung nhỏ hơn (chia nhỏ lần nhập), hoặc tăng HUB_MAX_BODY_BYTES.',
  },
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': { title: 'Kiểu nội dung không được hỗ trợ', hint: 'Gửi đúng Content-Type được nêu trong thông báo.' },
  'ROUTE.METHOD_NOT_ALLOWED': {
    title: 'Phương thức không được phép',
    hint: 'Dùng một phương thức được tài liệu API (/docs) liệt kê cho đường dẫn này.',
  },
  'CONSOLE.CSRF': {
    title: 'Biểu mẫu bị từ chối',
    hint: 'Biểu mẫu thiếu mã bảo vệ hợp lệ hoặc được gửi từ trang web khác: tải lại trang của bảng điều khiển rồi gửi lại.',
  },
  'CONSOLE.NOT_FOUND': {
    title: 'Không có trang này trong bảng điều khiển',
    hint: 'Dùng trình đơn của bảng điều khiển; trang có thể đã đổi chỗ hoặc thứ nó hiển thị đã bị xóa.',
  },
  'ROUTE.NOT_FOUND': { title: 'Không có đường dẫn này', hint: 'Đối chiếu đường dẫn với tài liệu API (/docs).' },
  'SCHEMA.NOT_FOUND': { title: 'Không có lược đồ này', hint: 'Kiểm tra đường dẫn của lược đồ trong /schemas/.' },

  // nguồn tin
  'SOURCE.CHECK_HTTP_STATUS': {
    title: 'Địa chỉ nguồn tin trả về lỗi',
    hint: 'Mở địa chỉ bằng trình duyệt để kiểm tra (404: địa chỉ sai hoặc đã chuyển; 410: đã gỡ bỏ hẳn) rồi đăng ký đúng địa chỉ; nếu cổng chỉ tạm ngừng hôm nay, đăng ký với "check": false (CLI: --no-check) và hub sẽ thử lại.',
  },
  'SOURCE.CHECK_NO_ITEMS': {
    title: 'Nguồn tin không có tin bài hợp lệ nào',
    hint: 'Hub đọc được địa chỉ nhưng không tin nào có đủ những gì bắt buộc (tiêu đề, liên kết, ngày): xem lý do trong rejected, sửa tùy chọn, hoặc đề nghị cổng sửa nguồn tin.',
  },
  'SOURCE.CHECK_NOT_A_FEED': {
    title: 'Địa chỉ là một trang web, không phải nguồn tin',
    hint: 'Hãy đăng ký một trong các nguồn tin hoặc sơ đồ trang liệt kê trong candidates, hoặc đăng ký chính trang đó với kind "html" và các tùy chọn trong suggestion (xem trước khi lưu).',
  },
  'SOURCE.CHECK_TLS': {
    title: 'Chứng thư HTTPS của nguồn tin bị từ chối',
    hint: 'tlsCheck cho biết bước kiểm tra nào không đạt (expired: hết hạn, self-signed: tự ký, hostname-mismatch: sai tên miền …): quản trị web của cổng cần sửa chứng thư, hoặc hệ thống tin cậy CA của cổng qua HUB_FETCH_CA_FILE.',
  },
  'SOURCE.CHECK_UNREACHABLE': {
    title: 'Không tải được địa chỉ nguồn tin',
    hint: 'causeCode cho biết lý do (tên miền không phân giải được, máy chủ từ chối, quá thời gian chờ, là địa chỉ nội bộ …): sửa địa chỉ, hoặc nếu cổng chỉ tạm ngừng hôm nay, đăng ký với "check": false (CLI: --no-check) và hub sẽ thử lại.',
  },
  'SOURCE.CHECK_UNREADABLE': {
    title: 'Không đọc được nội dung nguồn tin',
    hint: 'causeCode cho biết lỗi gì (XML sai cú pháp, không phải JSON, nội dung không nhận ra …): kiểm tra địa chỉ và loại nguồn bằng chức năng xem trước (`hub check`), hoặc đề nghị cổng sửa nguồn tin.',
  },
  'SOURCE.EXISTS': {
    title: 'Nguồn tin đã được đăng ký',
    hint: 'Cổng đã có địa chỉ này với cùng loại nguồn tin: hãy sửa nguồn tin đó.',
  },
  'SOURCE.INVALID_OPTIONS': {
    title: 'Tùy chọn của nguồn tin không hợp lệ',
    hint: 'Sửa các tùy chọn được nêu trong errors; chức năng xem trước (`hub check`) cho thấy kết quả trích xuất.',
  },
  'SOURCE.NO_ITEMS': {
    title: 'Không tìm thấy tin bài',
    hint: 'Không tìm thấy nội dung dùng được: kiểm tra địa chỉ và các tùy chọn bằng chức năng xem trước (`hub check`).',
  },
  'SOURCE.NOT_FOUND': { title: 'Không có nguồn tin này', hint: 'Kiểm tra mã nguồn tin (`hub sources list`).' },
  'SOURCE.OPTIONS_REQUIRED': {
    title: 'Cần khai báo tùy chọn',
    hint: 'Trang HTML cần có options.itemSelector: xem suggestedOptions rồi đăng ký với kind "html" và các tùy chọn đó.',
  },
  'SOURCE.OWNERSHIP_PENDING': {
    title: 'Chưa xác minh quyền sở hữu',
    hint: 'Đặt mã xác minh (token) của nguồn tin tại /.well-known/portal-hub.txt hoặc trong thẻ <meta> trên cổng, rồi chạy `hub sources verify <id>`; hoặc đề nghị quản trị viên phê duyệt nguồn tin.',
  },
  'SOURCE.UNKNOWN_KIND': { title: 'Loại nguồn tin không xác định', hint: 'Dùng một trong các loại được liệt kê trong thông báo.' },
  'SOURCE.UNKNOWN_PORTAL': {
    title: 'Cổng chưa được đăng ký',
    hint: 'Đăng ký cổng trước (`hub portals add`), hoặc sửa lại mã cổng.',
  },

  // lưu trữ
  'STORE.CLOSED': { title: 'Kho dữ liệu đã đóng', hint: 'Trung tâm đang dừng: thử lại khi trung tâm hoạt động trở lại.' },
  'STORE.LOCKED': {
    title: 'Thư mục dữ liệu đang được sử dụng',
    hint: 'Một trung tâm đang chạy giữ thư mục dữ liệu: dừng trung tâm đó, hoặc thao tác qua API của nó với HUB_URL và HUB_KEY.',
  },
  'STORE.REDIS_UNAVAILABLE': {
    title: 'Không kết nối được Redis',
    hint: 'Kiểm tra REDIS_URL, Redis có đang chạy và có kết nối được từ trung tâm không.',
  },
  'STORE.UNAVAILABLE': {
    title: 'Kho dữ liệu tạm thời không sử dụng được',
    hint: 'Trung tâm hiện không kết nối được kho dữ liệu (Redis): thử lại sau số giây ghi trong Retry-After; GET /healthz trả về 200 khi kho hoạt động trở lại.',
  },
  'STORE.WRITE_FAILED': { title: 'Ghi dữ liệu vào nhật ký thất bại', hint: 'Kiểm tra dung lượng trống và quyền ghi của thư mục dữ liệu.' },

  'STREAM.TOO_MANY_CLIENTS': { title: 'Quá nhiều luồng tin trực tiếp', hint: 'Thử lại sau số giây ghi trong Retry-After.' },
  'STREAM.TOO_MANY_FOR_CALLER': {
    title: 'Bên gọi mở quá nhiều luồng tin trực tiếp',
    hint: 'Đóng các luồng mà địa chỉ hoặc khóa này không còn đọc, hoặc thử lại sau số giây ghi trong Retry-After (HUB_STREAM_MAX_PER_ADDRESS, HUB_STREAM_MAX_PER_KEY).',
  },

  // webhook
  'WEBHOOK.INVALID': { title: 'Webhook không hợp lệ', hint: 'Sửa các trường được nêu trong errors: url phải là địa chỉ http(s).' },
  'WEBHOOK.NOT_FOUND': { title: 'Không tìm thấy webhook', hint: 'Xem danh sách webhook bạn quản lý bằng GET /api/v1/webhooks.' },

  // WebSub
  'WEBSUB.INVALID_REQUEST': { title: 'Yêu cầu WebSub không hợp lệ', hint: 'Sửa các trường biểu mẫu hub.* được nêu trong errors.' },
  'WEBSUB.UNKNOWN_SUBSCRIPTION': {
    title: 'Không có đăng ký theo dõi này',
    hint: 'Địa chỉ callback không thuộc đăng ký theo dõi nào còn hiệu lực: hãy đăng ký lại.',
  },
  'WEBSUB.TOO_MANY_SUBSCRIPTIONS': {
    title: 'Quá nhiều đăng ký theo dõi',
    hint: 'Trung tâm đã đạt số đăng ký tối đa (tổng cộng hoặc cho chủ đề này): hủy các callback không dùng, hoặc tăng HUB_WEBSUB_MAX_SUBSCRIPTIONS / HUB_WEBSUB_MAX_PER_TOPIC.',
  },
  'WEBSUB.UNKNOWN_TOPIC': { title: 'Chủ đề không xác định', hint: 'hub.topic phải là một trong các địa chỉ nguồn tin của trung tâm này.' },
};
