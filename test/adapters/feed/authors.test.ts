import { expect } from 'chai';
import { readFeed } from '../../../adapters/feed/index.ts';
import { personName } from '../../../adapters/feed/rss.ts';

const rss = (author: string) =>
  readFeed(
    `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://example.gov.vn/</link>
      <item><title>A</title><link>https://example.gov.vn/a</link><author>${author}</author></item></channel></rss>`,
    'https://example.gov.vn/feed',
  ).items[0].authors;

const atom = (name: string) =>
  readFeed(
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>
      <entry><id>urn:a</id><title>A</title><link href="https://example.org/a"/><author><name>${name}</name></author></entry></feed>`,
    'https://example.org/feed',
  ).items[0].authors;

describe('adapters/feed: author names', () => {
  it('keeps an organisation in parentheses as part of the name (RSS)', () => {
    expect(rss('Nguyễn Văn A (Bộ Tài chính)')).to.deep.equal(['Nguyễn Văn A (Bộ Tài chính)']);
    expect(rss('Author 1 (University 1), Author 2 (University 2)')).to.deep.equal(['Author 1 (University 1), Author 2 (University 2)']);
  });

  it('keeps an Atom <name> with parentheses whole', () => {
    expect(atom('Jane Doe (Reuters)')).to.deep.equal(['Jane Doe (Reuters)']);
  });

  it('reads the RSS "address (Name)" convention only when the outer part is an e-mail address', () => {
    expect(rss('jane@example.gov.vn (Jane Doe)')).to.deep.equal(['Jane Doe']);
    expect(rss('me+spam@example.com (Example editor)')).to.deep.equal(['Example editor']);
    expect(personName('Jane Doe (Reuters)')).to.equal('Jane Doe (Reuters)');
    expect(personName('jane (Reuters)')).to.equal('jane (Reuters)');
  });

  it('drops an e-mail address beside a name, in parentheses or angle brackets', () => {
    expect(personName('Example editor (me@example.com)')).to.equal('Example editor');
    expect(personName('"Jane Doe" <jane@example.gov.vn>')).to.equal('Jane Doe');
    expect(personName('me@example.com')).to.equal('me@example.com');
    expect(personName('Trần B <không phải thư>')).to.equal('Trần B <không phải thư>');
  });
});
