import type { Fault, RecordedRequest } from './core/types';

/** Client for the sandbox's /_sandbox control API: used by e2e tests and by users. */
export class SandboxControl {
	constructor(readonly url: string) {}

	private async call(method: string, path: string, body?: unknown): Promise<any> {
		const res = await fetch(this.url + path, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status}: ${await res.text()}`);
		return res.json();
	}

	requests(pathPrefix = '', since = 0): Promise<RecordedRequest[]> {
		return this.call('GET', `/_sandbox/requests?path=${encodeURIComponent(pathPrefix)}&since=${since}`);
	}
	clearRequests() {
		return this.call('DELETE', '/_sandbox/requests');
	}
	fault(f: Fault | Fault[]) {
		return this.call('POST', '/_sandbox/faults', f);
	}
	clearFaults() {
		return this.call('DELETE', '/_sandbox/faults');
	}
	advanceClock(ms: number) {
		return this.call('POST', '/_sandbox/clock', { advanceMs: ms });
	}
	reset(opts: Record<string, unknown> = {}) {
		return this.call('POST', '/_sandbox/reset', opts);
	}
	expireWeComTokens() {
		return this.call('POST', '/_sandbox/wecom/expire-tokens');
	}
	emails(): Promise<Array<{ at: number; from: string; to: string[]; subject: string; data: string }>> {
		return this.call('GET', '/_sandbox/emails');
	}
	sms(): Promise<Array<{ at: number; phone: string; templateId: string; params: unknown; text?: string }>> {
		return this.call('GET', '/_sandbox/sms');
	}
	/** A customer scans a join-way QR code in WeCom (joins its first group with room, with its state). */
	scanJoinWay(
		configId: string,
		externalUserIds: string[],
		names?: string[],
	): Promise<{ chat_id: string; state: string; joined: string[]; member_count: number }> {
		return this.call('POST', '/_sandbox/wecom/join-way/scan', { config_id: configId, external_userids: externalUserIds, names });
	}
	/**
	 * A customer scans a contact-me code and adds its staff member: the answer is the
	 * add_external_contact event's fields (UserID, ExternalUserID, State, WelcomeCode, CreateTime).
	 */
	scanContactWay(
		configId: string,
		externalUserId: string,
		name?: string,
	): Promise<{ UserID: string; ExternalUserID: string; State: string; WelcomeCode: string; CreateTime: number }> {
		return this.call('POST', '/_sandbox/wecom/contact-way/scan', { config_id: configId, external_userid: externalUserId, name });
	}
	/** Welcome codes handed out, with when they were used and what was sent with them. */
	welcomeCodes(): Promise<
		Array<{ code: string; userid: string; external_userid: string; state?: string; issued_at: number; used_at?: number; sent?: any }>
	> {
		return this.call('GET', '/_sandbox/wecom/welcome-codes');
	}
	/** The owner renames a customer group, edits its notice or removes members in the WeCom client. */
	editGroup(
		chatId: string,
		change: { name?: string; notice?: string; remove?: string[] },
	): Promise<{ chat_id: string; name: string; notice: string; removed: string[]; member_count: number }> {
		return this.call('POST', `/_sandbox/wecom/groups/${encodeURIComponent(chatId)}/edit`, change);
	}
	/** App messages WeCom accepted (message/send), oldest first. */
	appMessages(): Promise<Array<{ msgid: string; at: number; message: any }>> {
		return this.call('GET', '/_sandbox/wecom/app-messages');
	}
	robotMessages(key?: string): Promise<Array<{ key: string; at: number; message: any }>> {
		return this.call('GET', `/_sandbox/wecom/robot-messages${key ? `?key=${encodeURIComponent(key)}` : ''}`);
	}
}
