import { createHash } from 'crypto';
import type { HttpFn } from '../http/types';
import { WeComApiError, redactSecrets } from './errors';
import { messageOf, outcomeOf } from '../common/outcome';
import { realSleep } from '../common/sleep';
import { DEFAULT_WECOM_BASE_URL, multipart } from './client';

import { ROBOT_MARKDOWN_MAX_BYTES, ROBOT_MESSAGES_PER_MINUTE, ROBOT_TEXT_MAX_BYTES } from '../common/robotLimits';

/** WeCom group robot limits (群机器人), from lib/common/robotLimits.ts. */
export { ROBOT_MARKDOWN_MAX_BYTES, ROBOT_MESSAGES_PER_MINUTE, ROBOT_TEXT_MAX_BYTES };
const WINDOW_MS = 60_000;
/**
 * WeCom counts a message when it receives it, somewhere between our send and its answer. Each
 * slot is dated by when the answer arrived (the latest WeCom can have counted it), and the next
 * message waits this much more for clock granularity: on the safe side of WeCom's clock.
 */
export const ROBOT_PACING_MARGIN_MS = 250;

export interface RobotWebhook {
	baseUrl: string;
	key: string;
}

/** Accepts the full webhook URL or only its key. */
export function parseRobotWebhook(webhook: string, baseUrl?: string): RobotWebhook {
	const w = webhook.trim();
	if (/^https?:\/\//i.test(w)) {
		const u = new URL(w);
		const key = u.searchParams.get('key');
		if (!key) throw new Error('The robot webhook URL has no key= parameter. Copy the whole webhook address from the robot settings.');
		return { baseUrl: `${u.protocol}//${u.host}`, key };
	}
	if (!w) throw new Error('The robot webhook key is empty.');
	return { baseUrl: (baseUrl || DEFAULT_WECOM_BASE_URL).replace(/\/+$/, ''), key: w };
}

export type RobotMessage = { msgtype: string; [k: string]: unknown };

/** Files for upload_media: WeCom refuses anything under 5 bytes or over 20 MB (voice: 2 MB). */
export const ROBOT_FILE_MIN_BYTES = 5;
export const ROBOT_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const ROBOT_VOICE_MAX_BYTES = 2 * 1024 * 1024;

/**
 * The clock the pacer uses when a sender is given none. Benchmarks and tests swap it for one
 * shared with the sandbox, so minutes of pacing pass in milliseconds while the limit still holds.
 */
export interface RobotClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}
const defaultClock: RobotClock = { now: () => Date.now(), sleep: realSleep };
let currentClock: RobotClock = defaultClock;

/** The pacing clock in use (the dispatcher in robotBatch waits on it too). */
export function robotClock(): RobotClock {
	return currentClock;
}

/** Replaces the default pacing clock; returns a function that restores the previous one. */
export function useRobotClock(clock: RobotClock): () => void {
	const previous = currentClock;
	currentClock = clock;
	return () => {
		currentClock = previous;
	};
}

/**
 * Send times per robot key, shared within this process so that concurrent executions pace
 * together. An optimisation only: across workers the 45009 retry keeps sends correct.
 */
const sendLog = new Map<string, Slot[]>();

/** One message in the window: dated at send, re-dated when WeCom's answer arrives. */
interface Slot {
	at: number;
	inFlight: boolean;
}

export interface RobotSenderOptions {
	webhook: RobotWebhook;
	http: HttpFn;
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
	perMinute?: number;
	/** Retries after a 45009 despite pacing (another sender shares the key). */
	rateRetries?: number;
}

/** Sends group robot messages, pacing itself to the per-key limit. */
export class RobotSender {
	readonly webhook: RobotWebhook;
	/** Figures for benchmarks and tests. */
	stats = { sent: 0, rateLimited: 0, waitedMs: 0 };
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly now: () => number;
	private readonly perMinute: number;
	private readonly logKey: string;

	constructor(private readonly opts: RobotSenderOptions) {
		this.webhook = opts.webhook;
		// Read the shared clock at call time, so a clock swapped in later still applies.
		this.sleep = opts.sleep ?? ((ms) => currentClock.sleep(ms));
		this.now = opts.now ?? (() => currentClock.now());
		this.perMinute = opts.perMinute ?? ROBOT_MESSAGES_PER_MINUTE;
		this.logKey = createHash('sha256').update(`${opts.webhook.baseUrl}|${opts.webhook.key}`).digest('hex');
	}

	/** Slots still inside the last minute (pruned); a message still in flight always counts. */
	private window(now: number): Slot[] {
		const log = (sendLog.get(this.logKey) ?? []).filter((s) => s.inFlight || s.at + WINDOW_MS + ROBOT_PACING_MARGIN_MS > now);
		sendLog.set(this.logKey, log);
		return log;
	}

	/** When the next message may go without a 45009 (now, if the window has room). */
	readyAt(): number {
		const now = this.now();
		const log = this.window(now);
		if (log.length < this.perMinute) return now;
		const oldest = log[log.length - this.perMinute];
		// In flight: its answer (and so its date) is still to come; look again a minute from now at the latest.
		return (oldest.inFlight ? now : oldest.at) + WINDOW_MS + ROBOT_PACING_MARGIN_MS;
	}

	/** Waits until one more message fits in the sliding one-minute window, then reserves it. */
	private async reserveSlot(): Promise<Slot> {
		for (;;) {
			const now = this.now();
			const log = this.window(now);
			if (log.length < this.perMinute) {
				const slot = { at: now, inFlight: true };
				log.push(slot);
				return slot;
			}
			const wait = Math.max(1, this.readyAt() - now);
			this.stats.waitedMs += wait;
			await this.sleep(wait);
		}
	}

	/** The answer arrived: WeCom counted the message at the latest now. */
	private settle(slot: Slot): void {
		slot.at = Math.max(slot.at, this.now());
		slot.inFlight = false;
	}

	/** Marks the window as full, after WeCom said 45009 (someone else used the key). */
	private markFull(): void {
		const now = this.now();
		sendLog.set(
			this.logKey,
			Array.from({ length: this.perMinute }, () => ({ at: now, inFlight: false })),
		);
	}

	async send(message: RobotMessage): Promise<{ errcode: number; errmsg: string }> {
		const maxRetries = this.opts.rateRetries ?? 3;
		for (let attempt = 0; ; attempt++) {
			const slot = await this.reserveSlot();
			let res;
			try {
				res = await this.post('/cgi-bin/webhook/send', {}, message);
			} finally {
				this.settle(slot);
			}
			const code = Number(res.errcode ?? 0);
			if (code === 0) {
				this.stats.sent++;
				return { errcode: 0, errmsg: String(res.errmsg ?? 'ok') };
			}
			if (code === 45009 && attempt < maxRetries) {
				this.stats.rateLimited++;
				this.markFull();
				continue;
			}
			throw new WeComApiError(code, String(res.errmsg ?? ''), '/cgi-bin/webhook/send');
		}
	}

	/** Uploads a file or voice for a robot message (valid 3 days); returns media_id. */
	async uploadMedia(type: 'file' | 'voice', filename: string, data: Buffer, contentType = 'application/octet-stream'): Promise<string> {
		const max = type === 'voice' ? ROBOT_VOICE_MAX_BYTES : ROBOT_FILE_MAX_BYTES;
		if (data.length < ROBOT_FILE_MIN_BYTES || data.length > max) {
			throw new Error(
				`The ${type} "${filename}" is ${data.length} bytes; WeCom robots accept ${ROBOT_FILE_MIN_BYTES} bytes to ${max / 1024 / 1024} MB.`,
			);
		}
		const { body, contentType: ct } = multipart({ field: 'media', filename, contentType, data });
		const res = await this.post('/cgi-bin/webhook/upload_media', { type }, body, { 'content-type': ct });
		const code = Number(res.errcode ?? 0);
		if (code !== 0) throw new WeComApiError(code, String(res.errmsg ?? ''), '/cgi-bin/webhook/upload_media');
		return String(res.media_id);
	}

	private async post(path: string, qs: Record<string, string>, body: unknown, headers?: Record<string, string>) {
		const answer = await outcomeOf(() =>
			this.opts.http({
				method: 'POST',
				url: this.webhook.baseUrl + path,
				qs: { key: this.webhook.key, ...qs },
				body,
				headers,
				timeoutMs: 30000,
			}),
		);
		if (!answer.ok)
			throw new Error(`Could not reach the WeCom robot at ${this.webhook.baseUrl}: ${redactSecrets(messageOf(answer.error))}`);
		const res = answer.value;
		if (typeof res.body !== 'object' || res.body === null) throw new Error(`The WeCom robot answered ${res.status} with a non-JSON body`);
		return res.body as { errcode?: number; errmsg?: string; media_id?: string };
	}
}

/** Image message from raw bytes: WeCom wants base64 plus the md5 of the raw bytes. */
export function imageMessage(data: Buffer): RobotMessage {
	return { msgtype: 'image', image: { base64: data.toString('base64'), md5: createHash('md5').update(data).digest('hex') } };
}

export function clearRobotPacing(): void {
	sendLog.clear();
}
