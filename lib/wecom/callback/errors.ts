/**
 * Why a callback was refused. Each reason maps to the HTTP status the trigger answers with;
 * none of the messages echo the token, the AES key or the ciphertext.
 */
export type CallbackRejection =
	| 'missing_parameters'
	| 'malformed_body'
	| 'bad_signature'
	| 'stale_timestamp'
	| 'decrypt_failed'
	| 'wrong_receiver'
	| 'too_large'
	| 'implausible_echo';

const STATUS: Record<CallbackRejection, number> = {
	missing_parameters: 400,
	malformed_body: 400,
	bad_signature: 401,
	stale_timestamp: 401,
	decrypt_failed: 400,
	wrong_receiver: 403,
	too_large: 413,
	implausible_echo: 400,
};

/** A request that did not come from WeCom, or not for this corp: answer 4xx, start nothing. */
export class CallbackRejectedError extends Error {
	readonly reason: CallbackRejection;
	readonly status: number;
	constructor(reason: CallbackRejection, message: string) {
		super(message);
		this.name = 'CallbackRejectedError';
		this.reason = reason;
		this.status = STATUS[reason];
	}
}

/** The credential itself is unusable (e.g. an EncodingAESKey that is not 43 characters). */
export class CallbackConfigError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CallbackConfigError';
	}
}
