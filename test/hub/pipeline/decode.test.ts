import { expect } from 'chai';
import iconv from 'iconv-lite';
import { decodeBody } from '../../../hub/pipeline/decode.ts';

describe('pipeline/decode', () => {
  it('reads valid UTF-8 whole: Vietnamese, characters beyond the BMP, and a replacement character the portal wrote', () => {
    const text = '<?xml version="1.0" encoding="utf-8"?><rss><title>Thủ tướng 📢 chỉ đạo � điều hành</title></rss>';
    const decoded = decodeBody(Buffer.from(text), 'application/rss+xml; charset=utf-8');
    expect(decoded).to.deep.equal({ text, charset: 'utf-8', warnings: [] });
  });

  it('passes over a UTF-8 label on bytes that are not UTF-8, and says so', () => {
    const body = iconv.encode('<?xml version="1.0" encoding="utf-8"?><rss><title>Thông báo</title></rss>', 'windows-1258');
    const decoded = decodeBody(body, 'text/xml; charset=utf-8');
    expect(decoded.charset).to.equal('windows-1258');
    expect(decoded.text).to.contain('<title>Thông báo</title>');
    expect(decoded.warnings).to.deep.equal([
      'The HTTP header says UTF-8 but the body is not valid UTF-8',
      'The XML declaration says UTF-8 but the body is not valid UTF-8',
      'The body is not valid UTF-8 and no charset declaration fits it; read as windows-1258 (Vietnamese)',
    ]);
  });

  it('reads an empty body as empty text', () => {
    expect(decodeBody(Buffer.alloc(0)).text).to.equal('');
  });
});
