/**
 * Bytes to text. Trust order: a byte-order mark, then the HTTP charset, then the XML declaration
 * (or an HTML meta charset), then UTF-8; when the declared charset lies (invalid UTF-8), fall back
 * to windows-1258, the Vietnamese legacy code page. All text leaves here in Unicode NFC.
 */
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  charset: string;
  warnings: string[];
}

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return m?.[1].toLowerCase();
}

export function decodeBody(body: Buffer, contentType?: string): Decoded {
  const warnings: string[] = [];
  for (const [bom, charset] of BOMS) {
    if (bom.every((b, i) => body[i] === b)) return finish(iconv.decode(body.subarray(bom.length), charset), charset, warnings);
  }
  const head = body.subarray(0, 1024).toString('latin1');
  const declared =
    charsetFromContentType(contentType) ??
    /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1].toLowerCase() ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1].toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    if (iconv.encodingExists(declared)) return finish(iconv.decode(body, declared), declared, warnings);
    warnings.push(`Unknown charset "${declared}"; read as UTF-8`);
  }
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(body);
  if (utf8.includes('\uFFFD')) {
    warnings.push(`The body is not valid UTF-8${declared ? ` though it says ${declared}` : ''}; read as windows-1258`);
    return finish(iconv.decode(body, 'windows-1258'), 'windows-1258', warnings);
  }
  return finish(utf8, 'utf-8', warnings);
}

const finish = (text: string, charset: string, warnings: string[]): Decoded => ({ text: text.normalize('NFC'), charset, warnings });
