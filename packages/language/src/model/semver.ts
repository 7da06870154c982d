const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function isSemver(value: string): boolean {
    return SEMVER.test(value);
}

/** Compares major.minor.patch, then a release above any pre-release of it. */
export function compareSemver(a: string, b: string): number {
    const pa = SEMVER.exec(a), pb = SEMVER.exec(b);
    if (!pa || !pb) return 0;
    for (let i = 1; i <= 3; i++) {
        const d = Number(pa[i]) - Number(pb[i]);
        if (d) return Math.sign(d);
    }
    if (pa[4] === pb[4]) return 0;
    if (pa[4] === undefined) return 1;
    if (pb[4] === undefined) return -1;
    return pa[4] < pb[4] ? -1 : 1;
}
