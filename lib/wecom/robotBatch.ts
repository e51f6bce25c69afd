import type { HttpFn } from '../http/types';
import type { RobotMessage, RobotWebhook } from './robot';
import { RobotSender, robotClock } from './robot';

/** One input item's robot messages, in order, for one webhook. */
export interface RobotJob {
	webhook: RobotWebhook;
	messages: RobotMessage[];
	/** A file to upload first (upload_media); its media_id fills `{msgtype:'file'}` messages. */
	upload?: { type: 'file' | 'voice'; filename: string; data: Buffer; contentType?: string };
}

export interface RobotJobResult {
	ok: boolean;
	sent: number;
	mediaId?: string;
	error?: unknown;
}

export interface RobotBatchOptions {
	http: HttpFn;
	/** Stop sending anything more after the first failure (n8n without Continue On Fail). */
	stopOnError: boolean;
	now?: () => number;
	sleep?: (ms: number) => Promise<void>;
}

export interface RobotBatchReport {
	results: Array<RobotJobResult | undefined>;
	senders: RobotSender[];
}

const keyOf = (w: RobotWebhook) => `${w.baseUrl}|${w.key}`;

/**
 * Sends every job's messages with one pacer per robot key: a message goes as soon as its key has
 * room in its one-minute window, whatever the other keys are doing, so N keys deliver N times
 * faster than one. Messages of one key keep their order. A job that failed sends nothing more;
 * with `stopOnError` nothing at all is sent after the first failure.
 */
export async function sendRobotJobs(jobs: Array<RobotJob | undefined>, o: RobotBatchOptions): Promise<RobotBatchReport> {
	const senders = new Map<string, RobotSender>();
	const queues = new Map<string, Array<{ job: number; part: number }>>();
	const results: Array<RobotJobResult | undefined> = jobs.map(() => undefined);
	jobs.forEach((job, j) => {
		if (!job) return;
		const key = keyOf(job.webhook);
		if (!senders.has(key)) senders.set(key, new RobotSender({ webhook: job.webhook, http: o.http, now: o.now, sleep: o.sleep }));
		const q = queues.get(key) ?? [];
		job.messages.forEach((_m, part) => q.push({ job: j, part }));
		queues.set(key, q);
		results[j] = { ok: true, sent: 0 };
	});
	const now = o.now ?? (() => robotClock().now());
	const sleep = o.sleep ?? ((ms: number) => robotClock().sleep(ms));

	for (;;) {
		// The queue head that may go first; on a tie, the earlier item.
		let best: { key: string; at: number; job: number } | undefined;
		for (const [key, q] of queues) {
			while (q.length && !results[q[0].job]?.ok) q.shift();
			if (!q.length) continue;
			const at = senders.get(key)!.readyAt();
			if (!best || at < best.at || (at === best.at && q[0].job < best.job)) best = { key, at, job: q[0].job };
		}
		if (!best) break;
		const wait = best.at - now();
		if (wait > 0) await sleep(wait);
		const { job: j, part } = queues.get(best.key)!.shift()!;
		const job = jobs[j]!;
		const result = results[j]!;
		try {
			const sender = senders.get(best.key)!;
			if (job.upload && result.mediaId === undefined) {
				result.mediaId = await sender.uploadMedia(job.upload.type, job.upload.filename, job.upload.data, job.upload.contentType);
			}
			await sender.send(withMedia(job.messages[part], result.mediaId));
			result.sent++;
		} catch (error) {
			result.ok = false;
			result.error = error;
			if (o.stopOnError) break;
		}
	}
	return { results, senders: [...senders.values()] };
}

function withMedia(m: RobotMessage, mediaId: string | undefined): RobotMessage {
	if ((m.msgtype === 'file' || m.msgtype === 'voice') && mediaId) return { msgtype: m.msgtype, [m.msgtype]: { media_id: mediaId } };
	return m;
}

/** The least time N messages per key need at `perMinute` per sliding minute: full windows after the first. */
export function theoreticalMinimumMs(messagesPerKey: number[], perMinute = 20): number {
	return Math.max(0, ...messagesPerKey.map((n) => Math.max(0, Math.ceil(n / perMinute) - 1) * 60_000));
}
