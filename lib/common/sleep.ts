import { sleep } from 'n8n-workflow';

/**
 * Waits on the real clock (n8n's own helper: the pack does not use timers directly); clients take a
 * `sleep` option so tests and benchmarks can replace it.
 */
export const realSleep = (ms: number): Promise<void> => sleep(ms);
