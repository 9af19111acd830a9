/** Communes by name: the list documents print, and the command that loads the official list. */
import { describe, expect, it } from 'vitest';
import { communeCount, communeName, communeText } from '../../functions/domain/communes.ts';
import { PROVINCE_NAMES } from '../../functions/domain/provinces.ts';
import { DEMO_POST_OFFICES } from '../../infra/local/demo-reference.ts';
import { communesJson, MAX_COMMUNES, parseCommuneList } from '../../scripts/communes.ts';

const OFFICIAL = `\uFEFFMã,Tên,Tên Tiếng Anh,Cấp,Mã TP,Tỉnh / Thành Phố
00004,Phường Ba Đình,Ba Dinh Ward,Phường,01,Thành phố Hà Nội
26743,Phường Bến Thành,Ben Thanh Ward,Phường,79,Thành phố Hồ Chí Minh
`;

describe('the communes documents name', () => {
  it('names every commune the demo offices serve, each in its office’s province', () => {
    for (const office of DEMO_POST_OFFICES)
      for (const code of office.communeCodes) {
        expect(communeName(code), code).not.toBeNull();
        expect(communeText(code)).toMatch(new RegExp(`^(Phường|Xã|Đặc khu) .+ \\(mã ${code}\\)$`));
      }
    expect(communeCount()).toBeGreaterThanOrEqual(7);
  });

  it('falls back to the code for a commune the list does not carry', () => {
    expect(communeName('99999')).toBeNull();
    expect(communeText('99999')).toBe('mã xã/phường 99999');
  });
});

describe('npm run communes', () => {
  it('reads the official list, with its byte-order mark and columns, into the compact JSON', () => {
    const list = parseCommuneList(OFFICIAL);
    expect(list).toEqual({ '00004': ['Phường Ba Đình', '01'], '26743': ['Phường Bến Thành', '79'] });
    expect(JSON.parse(communesJson(list))).toEqual(list);
    expect(parseCommuneList('code,name,provinceCode\n24778,Phường Xuân Hương - Đà Lạt,68\n')).toEqual({
      '24778': ['Phường Xuân Hương - Đà Lạt', '68'],
    });
  });

  it('refuses a list with a bad code, a missing name, an unknown province, a repeat or no such columns', () => {
    expect(() =>
      parseCommuneList(
        'Mã,Tên,Mã TP\n0004,Phường A,01\n00005,,01\n00006,Xã B,03\n00007,Xã C,01\n00007,Xã C,01\n',
      ),
    ).toThrow(/row 2: "0004".*\n.*row 3.*no name\n.*row 4: "03".*\n.*row 6.*twice/s);
    expect(() => parseCommuneList('a,b\n1,2\n')).toThrow(/needs a code, a name and a province code column/);
    const tooMany = `Mã,Tên,Mã TP\n${'00004,Phường Ba Đình,01\n'.repeat(MAX_COMMUNES + 1)}`;
    expect(() => parseCommuneList(tooMany)).toThrow(/more than 5000 communes/);
    expect(Object.keys(PROVINCE_NAMES)).toHaveLength(34);
  });
});
