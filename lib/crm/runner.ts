import { CrmApiError, CrmUncertainError } from './errors';
import type { CrmIo } from './http';
import { chunk } from './http';
import type { LeadResult, LeadStatus, PreparedLead } from './types';

/** What a first attempt meant to do per lead key, kept across redo attempts of its batch. */
export type Intent = Map<string, Extract<LeadStatus, 'created' | 'updated'>>;

/**
 * Pushes one batch. With `check` set (the retry budget is spent) nothing is written: the CRM is
 * re-read and a lead whose record lacks what it should hold fails with `check.error`.
 */
export type ChunkFn = (leads: PreparedLead[], intent: Intent, check?: Check) => Promise<LeadResult[]>;

/** The re-read after the last uncertain attempt: what a missing write is reported with. */
export interface Check {
	error: CrmUncertainError;
}

export const LOST_ANSWER_WARNING = 'The CRM did not confirm this write (no answer, or a server error), but a re-read shows it was saved.';

/**
 * Pushes leads batch by batch. A batch whose outcome is uncertain (timeout, 5xx) is re-read and
 * re-planned after a wait, so a write that did land is seen and not repeated. When the redo budget
 * runs out, the batch is re-read once more without writing: what the CRM holds is reported as
 * created/updated (with a warning), only what it lacks as failed. A fatal error (bad credentials,
 * daily quota) fails this batch and every later one with the same reason.
 */
export async function runBatches(io: CrmIo, leads: PreparedLead[], size: number, fn: ChunkFn): Promise<LeadResult[]> {
	const results: LeadResult[] = [];
	let fatal: CrmApiError | undefined;
	for (const part of chunk(leads, size)) {
		if (fatal) {
			results.push(...part.map((l) => failed(l, fatal!)));
			continue;
		}
		const intent: Intent = new Map();
		for (let attempt = 0; ; attempt++) {
			try {
				results.push(...markLanded(await fn(part, intent), part, intent));
				break;
			} catch (e) {
				if (e instanceof CrmUncertainError && attempt < io.redoAttempts) {
					await io.sleep(io.redoDelayMs * (attempt + 1));
					continue;
				}
				const checked = e instanceof CrmUncertainError ? await recheck(io, fn, part, intent, e) : undefined;
				if (checked) {
					results.push(...checked);
					break;
				}
				if (e instanceof CrmApiError && e.fatal) fatal = e;
				results.push(...part.map((l) => failed(l, e)));
				break;
			}
		}
	}
	return results;
}

/** One read-only pass after the budget is spent; undefined when the CRM cannot be read either. */
async function recheck(
	io: CrmIo,
	fn: ChunkFn,
	part: PreparedLead[],
	intent: Intent,
	error: CrmUncertainError,
): Promise<LeadResult[] | undefined> {
	await io.sleep(io.redoDelayMs * (io.redoAttempts + 1));
	try {
		return markLanded(await fn(part, intent, { error }), part, intent);
	} catch {
		return undefined;
	}
}

/**
 * A lead found already holding what an earlier, unanswered attempt wrote (settle turned its
 * "unchanged" into that attempt's status) says so in a warning instead of "unchanged".
 */
function markLanded(results: LeadResult[], part: PreparedLead[], intent: Intent): LeadResult[] {
	const byIndex = new Map(part.map((l) => [l.index, l]));
	for (const r of results) {
		const lead = byIndex.get(r.index);
		if (!lead || r.reason !== 'unchanged' || r.status !== intent.get(lead.key)) continue;
		delete r.reason;
		r.warnings = [...(r.warnings ?? []), LOST_ANSWER_WARNING];
	}
	return results;
}

/** A lead a re-read shows was not saved after an uncertain answer. */
export function notSaved(lead: PreparedLead, check: Check): LeadResult {
	return failed(lead, check.error, { reason: `${check.error.message}; a re-read shows it was not saved` });
}

export function failed(lead: PreparedLead, e: unknown, extra: Partial<LeadResult> = {}): LeadResult {
	const err = e as CrmApiError;
	return {
		index: lead.index,
		status: 'failed',
		matchValue: lead.matchValue,
		reason: err instanceof Error ? err.message : String(e),
		code: err.code ?? (e instanceof CrmUncertainError ? 'NO_ANSWER' : undefined),
		hint:
			err.hint ??
			(e instanceof CrmUncertainError
				? 'The CRM did not answer in time. Run the node again: pushes are idempotent, nothing is duplicated.'
				: undefined),
		...extra,
	};
}

/** The final status: a lead a previous attempt wrote shows what that attempt did, not "unchanged". */
export function settle(lead: PreparedLead, status: LeadStatus, intent: Intent): LeadStatus {
	if (status === 'skipped' && intent.has(lead.key)) return intent.get(lead.key)!;
	return status;
}

/**
 * Sends `inputs` as one batch; when the CRM rejects the whole batch for one bad input, splits it
 * in halves until the bad inputs are isolated, so good leads still go through.
 */
export async function bisect<I>(
	inputs: I[],
	send: (part: I[]) => Promise<{ ok: true } | { ok: false; reason: string; code?: string }>,
	onFail: (input: I, reason: string, code?: string) => void,
): Promise<void> {
	if (!inputs.length) return;
	const r = await send(inputs);
	if (r.ok) return;
	if (inputs.length === 1) return onFail(inputs[0], r.reason, r.code);
	const mid = Math.ceil(inputs.length / 2);
	await bisect(inputs.slice(0, mid), send, onFail);
	await bisect(inputs.slice(mid), send, onFail);
}
