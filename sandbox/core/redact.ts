/**
 * The request log never holds a secret (robot keys, tokens, app secrets, authorization headers),
 * in the query, the headers, the body or the response. A secret becomes `***` plus a short hash,
 * so a test can still tell which robot key a request used without the log revealing it.
 */
import { createHash } from 'crypto';
import { redactSecrets } from '../../lib/wecom/errors';

const SECRET_FIELD =
	/^(?:key|sig|hapikey|.*(?:token|secret|password|passwd|api[_-]?key|access[_-]?key|private[_-]?key|permanent[_-]?code|signature))$/i;
const SECRET_HEADER =
	/^(?!idempotency-key$)(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|.*-(?:token|secret|signature|key))$/i;

/** What a secret looks like in the log: not reversible, but the same value gives the same text. */
export function redactedRef(value: string): string {
	return `***${createHash('sha256').update(String(value)).digest('hex').slice(0, 8)}`;
}

export const isSecretField = (name: string): boolean => SECRET_FIELD.test(name);

export function redactQuery(query: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, isSecretField(k) ? redactedRef(v) : redactSecrets(v)]));
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, SECRET_HEADER.test(k) ? redactedRef(v) : redactSecrets(v)]));
}

/** A deep copy of a JSON body or response with secret fields hidden and strings scrubbed. */
export function redactJson(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return redactSecrets(value);
	if (value === null || typeof value !== 'object' || depth > 50) return value;
	if (Array.isArray(value)) return value.map((v) => redactJson(v, depth + 1));
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>).map(([k, v]) => [
			k,
			isSecretField(k) && (typeof v === 'string' || typeof v === 'number') ? redactedRef(String(v)) : redactJson(v, depth + 1),
		]),
	);
}
