/**
 * After the queue-mode suite, however it ended: reaps any cluster this run still has (a start that a
 * timeout abandoned goes on in the background and may finish after the suite's afterAll).
 */
import { reapLeftClusters } from './cluster';

export default async function globalTeardown(): Promise<void> {
	const reaped = reapLeftClusters();
	if (reaped.length) console.log(`[queue] global teardown reaped ${reaped.length} cluster(s) left running: ${reaped.join(', ')}`);
}
