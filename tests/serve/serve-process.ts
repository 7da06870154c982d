import { spawn, type ChildProcess } from 'node:child_process';
import { MDS_BIN } from '../cli/helpers.js';

export interface Served {
    url: string;
    child: ChildProcess;
    /** Everything the server wrote on stderr so far. */
    stderr(): string;
    /** Sends the signal and resolves with the exit code (the test fails if it does not exit within 10 s). */
    stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `mds serve` as a user would (the built bin) and waits for the line with its URL. */
export async function startServe(args: string[], cwd: string): Promise<Served> {
    const child = spawn(process.execPath, [MDS_BIN, 'serve', ...args], { cwd, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stderr!.on('data', d => { err += d; });
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`mds serve did not start: ${err}`)), 30_000);
        child.stdout!.on('data', d => {
            out += d;
            const m = /(http:\/\/\S+)/.exec(out);
            if (m) { clearTimeout(timer); resolve(m[1]); }
        });
        child.on('exit', code => { clearTimeout(timer); reject(new Error(`mds serve exited with ${code}: ${err}`)); });
    });
    return {
        url, child, stderr: () => err,
        async stop(signal = 'SIGTERM') {
            if (child.exitCode !== null) return child.exitCode;
            child.kill(signal);
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            const code = await exited;
            clearTimeout(timer);
            return code;
        }
    };
}
