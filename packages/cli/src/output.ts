/** Where a command writes; a process in production, a buffer in tests. */
export interface Output {
    cwd: string;
    env: Record<string, string | undefined>;
    stdout(text: string): void;
    stderr(text: string): void;
    isTTY: boolean;
    /** Whether stderr is a terminal (progress bars go there, and only there). */
    stderrIsTTY?: boolean;
    /** Terminal width of stderr, for progress bars. */
    columns?: number;
}

export function processOutput(): Output {
    return {
        cwd: process.cwd(),
        env: process.env,
        stdout: text => process.stdout.write(text),
        stderr: text => process.stderr.write(text),
        isTTY: Boolean(process.stdout.isTTY),
        stderrIsTTY: Boolean(process.stderr.isTTY),
        columns: process.stderr.columns
    };
}
