import { expect } from 'chai';
import { formatInZone, parseDate } from '../../../../hub/pipeline/normalize/dates.ts';

const VN = 'Asia/Ho_Chi_Minh';
const iso = (s: string) => { const d = parseDate(s, VN); return d && formatInZone(d.time, VN); };

describe('normalize/dates', () => {
  it('reads RFC 822 with numeric and named zones', () => {
    expect(iso('Tue, 24 Nov 2026 09:15:00 +0700')).to.equal('2026-11-24T09:15:00+07:00');
    expect(iso('Tue, 24 Nov 2026 02:15:00 GMT')).to.equal('2026-11-24T09:15:00+07:00');
    expect(iso('24 Nov 26 02:15 UT')).to.equal('2026-11-24T09:15:00+07:00');
  });

  it('reads ISO 8601 with and without offset', () => {
    expect(iso('2026-11-24T02:15:00Z')).to.equal('2026-11-24T09:15:00+07:00');
    expect(iso('2026-11-24 09:15')).to.equal('2026-11-24T09:15:00+07:00');
    expect(parseDate('2026-11-24 09:15', VN)!.assumedZone).to.equal(true);
    expect(parseDate('2026-11-24T09:15:00+07:00', VN)!.assumedZone).to.equal(false);
  });

  it('reads the Vietnamese forms portals write, in the portal zone', () => {
    expect(iso('25/11/2022 08:30')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('25/11/2022')).to.equal('2022-11-25T00:00:00+07:00');
    expect(iso('Thứ sáu, 25/11/2022 - 08:30')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('08:30 25/11/2022')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('25-11-2022 8:30 SA')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('25-11-2022 8:30 CH')).to.equal('2022-11-25T20:30:00+07:00');
  });

  it('reads the longer Vietnamese forms, year-first dates and ISO basic format', () => {
    expect(iso('Ngày 25 tháng 11 năm 2022 08:30')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('Thứ Sáu, ngày 25/11/2022, 08h30')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('2022/11/25 08:30')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('25/11/2022 08:30:15 (GMT+7)')).to.equal('2022-11-25T08:30:15+07:00');
    expect(iso('20221125T013000Z')).to.equal('2022-11-25T08:30:00+07:00');
  });

  it('reads the usual RFC 822 mistakes', () => {
    expect(iso('Fri,25 Nov 2022 01:30:00 GMT')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('Fri, 25 November 2022 08:30:00 +0700')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('Fri, 25 Nov 2022 8:30 GMT+7')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('Friday, 25-Nov-22 01:30:00 GMT')).to.equal('2022-11-25T08:30:00+07:00');
    expect(iso('Fri, 25 Nov 2022 01:30:00 +0000 (UTC)')).to.equal('2022-11-25T08:30:00+07:00');
    // a US-style date is only recognisable when its "month" cannot be one
    expect(iso('11/25/2022 08:30 PM')).to.equal('2022-11-25T20:30:00+07:00');
  });

  it('refuses dates that are not on the calendar', () => {
    expect(parseDate('Tue, 31 Feb 2022 08:00:00 GMT', VN)).to.equal(undefined);
    expect(parseDate('30/02/2022', VN)).to.equal(undefined);
  });

  it('formats in another zone with its own offset', () => {
    expect(formatInZone(Date.UTC(2026, 6, 1, 12), 'Europe/Paris')).to.equal('2026-07-01T14:00:00+02:00');
  });

  it('returns undefined for what is not a date', () => {
    expect(parseDate('hôm qua', VN)).to.equal(undefined);
    expect(parseDate('', VN)).to.equal(undefined);
    expect(parseDate('45/13/2022', VN)).to.equal(undefined);
  });
});
