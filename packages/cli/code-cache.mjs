// V8's code cache of the CLI bundle (dist/mds.cjs.cache, read by bin/bundle-script.js), written by the build:
// the CLI is run once on a small standard and data file (checked, then validated) and, as it exits,
// writes the compiled code of what it ran — the bundle's top level and every function called.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STANDARD = `namespace warm.up
version "1.0.0"

department D "部门" { level district }

codelist Sex "性别" { "1" "男" "2" "女" }

element Id "公民身份号码" : string { length 18  format gb11643 }
element Name "姓名" : string { length 1..20 }
element Gender "性别" : Sex
element Born "出生日期" : date
element Score "分数" : decimal { range 0..100  scale 1 }
element Seen "更新时间" : datetime

record Person "人员" {
  update daily
  key id: Id
  name: Name
  sex: Gender
  born?: Born
  score?: Score
  seen: Seen
}
`;
const ROWS = 'id,name,sex,born,score,seen\n' +
    '11010519491231002X,张三,1,1949-12-31,95.5,2026-11-30T08:00:00+08:00\n' +
    '110105194912310021,李四,3,1949-13-01,101,2026-11-30\n';

export async function writeCodeCache(here) {
    const dir = mkdtempSync(join(tmpdir(), 'mds-code-cache-'));
    try {
        writeFileSync(join(dir, 'warm.mds'), STANDARD);
        writeFileSync(join(dir, 'rows.csv'), ROWS);
        const r = spawnSync(process.execPath, [join(here, 'bin/mds.js'), 'validate', 'rows.csv', '--record', 'warm.up.Person', '--format', 'json'],
            { cwd: dir, encoding: 'utf8', env: { ...process.env, MDS_WRITE_CODE_CACHE: join(here, 'dist/mds.cjs.cache') } });
        if (r.status !== 1) throw new Error(`the code cache run of the CLI exited ${r.status}: ${r.stderr}`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
