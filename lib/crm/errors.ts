import { redactSecrets } from '../common/redact';

/**
 * A CRM error free of n8n types. `fatal` errors (bad token, daily quota) stop the whole push:
 * every remaining lead fails with the same reason instead of hammering the CRM.
 */
export class CrmApiError extends Error {
	readonly target: string;
	readonly status?: number;
	readonly code?: string;
	readonly hint?: string;
	readonly fatal: boolean;
	constructor(target: string, message: string, opts: { status?: number; code?: string; hint?: string; fatal?: boolean } = {}) {
		super(redactSecrets(message));
		this.name = 'CrmApiError';
		this.target = target;
		this.status = opts.status;
		this.code = opts.code;
		this.hint = opts.hint;
		this.fatal = opts.fatal ?? false;
	}
}

/**
 * The request may or may not have reached the CRM (timeout, reset, 5xx). Writes are never blindly
 * resent after it: the client re-reads the CRM first, so nothing is created twice.
 */
export class CrmUncertainError extends Error {
	constructor(
		readonly target: string,
		message: string,
		readonly status?: number,
	) {
		super(redactSecrets(message));
		this.name = 'CrmUncertainError';
	}
}
