/** Waits on the real clock; clients take a `sleep` option so tests and benchmarks can replace it. */
export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
