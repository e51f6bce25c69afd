/**
 * A call's outcome as a value, so domain code decides what a failure means outside a catch block:
 * an expected failure becomes a typed domain error or a fallback, and anything else passes up
 * unchanged. lib/ has no n8n types; the node that called it turns every error into n8n's
 * NodeApiError or NodeOperationError (nodes/shared/errors.ts, toNodeError).
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `run` and returns its value or what it threw (a rejected promise included). */
export async function outcomeOf<T>(run: () => Promise<T>): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await run() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** The synchronous twin of outcomeOf. */
export function outcomeOfSync<T>(run: () => T): Outcome<T> {
	try {
		return { ok: true, value: run() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** The message of whatever was thrown (an Error's message, or the value as text). */
export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
