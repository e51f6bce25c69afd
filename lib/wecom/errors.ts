import { redactSecrets } from '../common/redact';

/**
 * WeCom errcodes the pack meets, with a plain-language hint for the marketer who sees the error.
 * Source: WeCom's global error code table (企业微信全局错误码).
 */
export const WECOM_ERROR_HINTS: Record<number, string> = {
	[-1]: 'WeCom is busy. The pack retried with backoff; try again in a minute.',
	40001:
		'The secret is wrong, or the access token is invalid. Check the app secret in the WeCom App credential (it must belong to the app whose Agent ID you entered, or be the Customer Contact secret for customer-group APIs).',
	40003: 'Unknown user ID: the staff member does not exist in this corp.',
	40008: 'Invalid message type.',
	40013: 'The Corp ID is wrong. Copy it from My Company → Company Information in the WeCom admin console.',
	40014: 'The access token is invalid. The pack refreshes it once automatically; if this persists, check the secret.',
	40056: 'The Agent ID is wrong for this secret.',
	40058: 'A parameter is invalid or missing. Check the fields named in the message.',
	41001: 'The access token is missing.',
	41051:
		'The welcome code was already used (by this or another app) or its 20-second window passed. Send the welcome right after the WeCom Trigger, and let only one app use the code.',
	42001: 'The access token expired. The pack refreshes it once automatically.',
	44004: 'The text is empty.',
	45002: 'The content is too long for WeCom. Split it (text 2048 bytes, markdown 4096 bytes for group robots).',
	45009:
		'WeCom rate limit hit (group robots: 20 messages per minute per robot). The pack paces and retries; spread sends over more time or more robots.',
	45033: 'Too many concurrent calls to WeCom. The pack backs off and retries; lower the batch size.',
	48002: 'This API is not allowed for this app. Grant the app the permission in the WeCom admin console (e.g. Customer Contact → API).',
	60011: "The app has no permission for this staff member or department. Add them to the app's visible range.",
	60020:
		"WeCom refused the call because it came from an untrusted IP address. Add this server's public IP to the app's \"Trusted IP\" list in the WeCom admin console, or send calls through a fixed-IP proxy and put its address in the credential's Base URL.",
	60111: 'Unknown user ID.',
	84061: 'This customer is not a contact of the staff member.',
	93000: "The group robot webhook key is invalid. Copy the webhook URL again from the robot's settings in the group.",
	93004: 'The group robot was removed from the group or disabled.',
	93008: 'The group robot is not in this group.',
	301002: 'No permission for this operation (is the app allowed to use Customer Contact?).',
	701008: 'This customer group does not belong to the staff member, or the chat ID is wrong.',
};

export function hintFor(errcode: number): string {
	return WECOM_ERROR_HINTS[errcode] ?? "See WeCom's error code reference for this code.";
}

/** Token errors: drop the cached token, fetch a new one and retry the call once. */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/** Busy: retry with exponential backoff. */
export const BUSY_ERRCODE = -1;
/** Rate/concurrency limits: back off and retry within a bound. */
export const RATE_ERRCODES = new Set([45009, 45033]);

/** A WeCom API error, free of n8n types; the nodes wrap it in NodeApiError. */
export class WeComApiError extends Error {
	readonly errcode: number;
	readonly errmsg: string;
	readonly hint: string;
	readonly path: string;
	constructor(errcode: number, errmsg: string, path: string) {
		const hint = hintFor(errcode);
		super(`WeCom error ${errcode} on ${path}: ${redactSecrets(errmsg)}. ${hint}`);
		this.name = 'WeComApiError';
		this.errcode = errcode;
		this.errmsg = redactSecrets(errmsg);
		this.hint = hint;
		this.path = path;
	}
}

/** Kept here for existing imports; it lives in lib/common/redact.ts. */
export { redactSecrets };
