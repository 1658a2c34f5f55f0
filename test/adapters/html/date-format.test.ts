import { expect } from 'chai';
import { applyDateFormat } from '../../../adapters/html/date-format.ts';

describe('adapters/html date formats', () => {
  it('reads day-first Vietnamese dates into ISO 8601 without a zone', () => {
    expect(applyDateFormat('23/11/2026 08:30', 'dd/MM/yyyy HH:mm')).to.equal('2026-11-23T08:30:00');
    expect(applyDateFormat('Cập nhật lúc 08:30 - 3.1.2026', 'HH:mm - d.M.yyyy')).to.equal('2026-01-03T08:30:00');
    expect(applyDateFormat('Thứ hai, 23/11/26', 'dd/MM/yy')).to.equal('2026-11-23T00:00:00');
  });

  it('turns SA/CH (sáng/chiều) into a 24-hour clock', () => {
    expect(applyDateFormat('23-11-2026 2:05 CH', 'dd-MM-yyyy h:mm a')).to.equal('2026-11-23T14:05:00');
    expect(applyDateFormat('23-11-2026 12:10 SA', 'dd-MM-yyyy h:mm a')).to.equal('2026-11-23T00:10:00');
  });

  it('says undefined when the text does not fit, or the date is impossible', () => {
    expect(applyDateFormat('hôm qua', 'dd/MM/yyyy')).to.equal(undefined);
    expect(applyDateFormat('31/13/2026', 'dd/MM/yyyy')).to.equal(undefined);
  });
});
