/** A problem with how mds was called or with its input files: exit code 2, one clear line, no stack. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'UsageError';
    }
}
