// Writes a standards folder with a 12-field bench record (citizen ID, credit code, phone, dates,
// decimals, codes, one nested record) and N rows of data for it as CSV, JSONL (and .xlsx with
// --xlsx), 5 % of the rows invalid (one broken field each). Deterministic (seeded).
// Usage: node bench/validate-data.mjs <rows> <out-dir> [--xlsx]
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

export const STANDARD = `namespace bench.quality
version "1.0.0"

department DEPT "区数据局" { level district }

codelist Gender "性别" { "1" "男" "2" "女" "9" "未说明" }
codelist Status "状态" { "A" "在营" "B" "注销" "C" "吊销" "D" "迁出" }

element CitizenId "公民身份号码" : string { length 18  format gb11643 }
element Credit "统一社会信用代码" : string { format uscc }
element Phone "手机号码" : string { format phone-cn }
element PersonName "姓名" : string { length 1..20 }
element Sex "性别" : Gender
element BirthDate "出生日期" : date { range "1900-01-01".."2025-12-31" }
element Income "月收入" : decimal { range 0..1000000  scale 2 }
element Score "信用分" : integer { range 0..1000 }
element State "状态" : Status
element Updated "更新时间" : datetime
element Division "行政区划" : string { pattern "[0-9]{6}" }
element Detail "详细地址" : string { length 1..100 }

record Address "地址" {
  division: Division
  detail: Detail
}

record Subject "主体" {
  update daily
  key id: CitizenId
  name: PersonName
  sex: Sex
  birth: BirthDate
  credit?: Credit
  phone?: Phone
  income?: Income
  score: Score
  state: State
  updated: Updated
  address: Address
}
`;

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const citizen = i => {
    const d = new Date(Date.UTC(1950, 0, 1) + (i % 20000) * 86400000).toISOString().slice(0, 10).replaceAll('-', '');
    const body = `${310112}${d}${String(Math.floor(i / 20000) % 1000).padStart(3, '0')}`;
    let s = 0;
    for (let k = 0; k < 17; k++) s += Number(body[k]) * W[k];
    return body + '10X98765432'[s % 11];
};
const UC = '0123456789ABCDEFGHJKLMNPQRTUWXY', UW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const uscc = i => {
    const body = `9131011${String(i).padStart(10, '0').slice(-10)}`;
    let s = 0;
    for (let k = 0; k < 17; k++) s += UC.indexOf(body[k]) * UW[k];
    return body + UC[(31 - (s % 31)) % 31];
};

function row(i) {
    // Unique keys: the day and sequence of the citizen ID come from i (up to 20 million rows).
    const r = {
        id: citizen(i), name: `张${i % 1000}`, sex: ['1', '2', '9'][i % 3],
        birth: new Date(Date.UTC(1950, 0, 1) + (i % 20000) * 86400000).toISOString().slice(0, 10),
        credit: i % 4 ? uscc(i) : undefined, phone: i % 5 ? `139${String(i % 100000000).padStart(8, '0')}` : undefined,
        income: i % 3 ? Math.round((i % 100000) * 1.37) / 100 : undefined, score: i % 1001, state: 'ABCD'[i % 4],
        updated: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T08:30:00+08:00`,
        address: { division: '310112', detail: `莘庄镇第 ${i % 500} 号` }
    };
    if (i % 20 === 7) {
        // 5 % invalid, one field each, in turn
        switch ((i / 20 | 0) % 6) {
            case 0: r.id = r.id.slice(0, 17) + (r.id[17] === '0' ? '1' : '0'); break;
            case 1: r.phone = '12345'; break;
            case 2: r.sex = '3'; break;
            case 3: r.income = 12.345; break;
            case 4: r.birth = '2031-02-30'; break;
            case 5: r.address.division = '31011'; break;
        }
    }
    return r;
}

const HEADER = ['id', 'name', 'sex', 'birth', 'credit', 'phone', 'income', 'score', 'state', 'updated', 'address.division', 'address.detail'];

export async function writeData(n, dir, { xlsx = false } = {}) {
    mkdirSync(join(dir, 'std'), { recursive: true });
    writeFileSync(join(dir, 'std/bench.mds'), STANDARD);
    const csv = createWriteStream(join(dir, `rows-${n}.csv`));
    const jsonl = createWriteStream(join(dir, `rows-${n}.jsonl`));
    csv.write(HEADER.join(',') + '\n');
    let c = '', j = '';
    for (let i = 0; i < n; i++) {
        const r = row(i);
        c += [r.id, r.name, r.sex, r.birth, r.credit ?? '', r.phone ?? '', r.income ?? '', r.score, r.state, r.updated, r.address.division, r.address.detail].join(',') + '\n';
        j += JSON.stringify(r) + '\n';
        if (c.length > 1 << 20) {
            if (!csv.write(c)) await once(csv, 'drain');
            if (!jsonl.write(j)) await once(jsonl, 'drain');
            c = ''; j = '';
        }
    }
    csv.end(c);
    jsonl.end(j);
    await Promise.all([once(csv, 'finish'), once(jsonl, 'finish')]);
    if (xlsx) {
        const { default: ExcelJS } = await import('exceljs');
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(dir, `rows-${n}.xlsx`), useSharedStrings: false });
        const ws = wb.addWorksheet('数据');
        ws.addRow(HEADER).commit();
        for (let i = 0; i < n; i++) {
            const r = row(i);
            ws.addRow([r.id, r.name, r.sex, r.birth, r.credit, r.phone, r.income, r.score, r.state, r.updated, r.address.division, r.address.detail]).commit();
        }
        ws.commit();
        await wb.commit();
    }
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const n = Number(process.argv[2] ?? 100000);
    const dir = process.argv[3] ?? 'bench/.corpus/validate';
    await writeData(n, dir, { xlsx: process.argv.includes('--xlsx') });
    console.log(`wrote ${n} rows to ${dir}`);
}
