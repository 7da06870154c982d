// Installs what the test suite needs beyond npm, when it is missing: Debian's PostgreSQL server
// (the SQL engine tests start a throw-away cluster with it). Needs root and apt-get; otherwise it
// says what to install (or set MDS_TEST_PG_URL to a server of your own).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const base = '/usr/lib/postgresql';
const has = existsSync(base) && readdirSync(base).some(v => existsSync(`${base}/${v}/bin/initdb`));
if (!has && !process.env.MDS_TEST_PG_URL) {
    if (process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0) {
        console.log('installing Debian postgresql for the SQL engine tests …');
        execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
        execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } else {
        console.error('The SQL engine tests need PostgreSQL: apt-get install postgresql, or set MDS_TEST_PG_URL to a superuser URL of your own server.');
        process.exit(1);
    }
}
