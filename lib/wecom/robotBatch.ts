import type { HttpFn } from '../http/types';
import type { RobotMessage, RobotWebhook } from './robot';
import { RobotSender, robotClock } from './robot';
import { DispatchQueue } from './dispatchQueue';

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

	// Each key's queue is read from a moving head; failed jobs at the head are skipped.
	const heads = new Map<string, number>();
	const headOf = (key: string) => {
		const q = queues.get(key)!;
		let h = heads.get(key) ?? 0;
		while (h < q.length && !results[q[h].job]?.ok) h++;
		heads.set(key, h);
		return q[h];
	};
	const schedule = new DispatchQueue();
	const enqueue = (key: string) => {
		const head = headOf(key);
		if (head) schedule.add({ key, at: senders.get(key)!.readyAt(), job: head.job }, now());
	};
	for (const key of queues.keys()) enqueue(key);

	for (;;) {
		// The ready key whose head is the earliest item; else wait for the first key to be ready.
		const next = schedule.next(now());
		if (!next) break;
		if ('waitUntil' in next) {
			await sleep(next.waitUntil - now());
			continue;
		}
		const key = next.serve.key;
		const head = headOf(key);
		if (!head) continue;
		if (head.job !== next.serve.job) {
			enqueue(key);
			continue;
		}
		heads.set(key, heads.get(key)! + 1);
		const { job: j, part } = head;
		const job = jobs[j]!;
		const result = results[j]!;
		try {
			const sender = senders.get(key)!;
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
		enqueue(key);
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
