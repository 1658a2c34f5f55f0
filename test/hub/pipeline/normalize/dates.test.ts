import { expect } from 'chai';
import { formatInZone, parseDate, zoneOffsetMinutes } from '../../../../hub/pipeline/normalize/dates.ts';

const VN = 'Asia/Ho_Chi_Minh';
const iso = (s: string) => {
  const d = parseDate(s, VN);
  return d && formatInZone(d.time, VN);
};

describe('normalize/dates', () => {
  it('keeps zone offsets right across transitions, memo and all (DST, half-hour shifts, Saigon 1975)', () => {
    const exact = (zone: string, time: number) => {
      const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
        .formatToParts(new Date(time))
        .find((p) => p.type === 'timeZoneName')!.value;
      const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
      return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
    };
    const cases: [string, string][] = [
      ['America/New_York', '2026-03-08T00:00:00Z'],
      ['America/New_York', '2026-11-01T00:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T12:00:00Z'],
      ['Asia/Ho_Chi_Minh', '1975-06-12T12:00:00Z'],
      [VN, '2026-11-24T00:00:00Z'],
    ];
    for (const [zone, from] of cases) {
      const offsets = new Set<number>();
      // every 7 minutes over a day, twice: the second pass reads the memo
      for (const pass of [1, 2]) {
        for (let t = Date.parse(from); t < Date.parse(from) + 24 * 3600_000; t += 7 * 60_000) {
          expect(zoneOffsetMinutes(zone, t), `${zone} ${new Date(t).toISOString()} pass ${pass}`).to.equal(exact(zone, t));
          offsets.add(exact(zone, t));
        }
      }
      // the sweep must cross a transition where one was chosen, or it proves nothing
      if (zone !== VN) expect(offsets.size, zone).to.equal(2);
    }
  });

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
