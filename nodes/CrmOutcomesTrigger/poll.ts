import type { IDataObject, INode, INodeExecutionData, IPollFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';
import { CrmIo } from '../../lib/crm/http';
import { CrmApiError, CrmUncertainError } from '../../lib/crm/errors';
import { applyPage, initialState, nextQuery } from '../../lib/crm/outcomes/poll';
import type { PollOptions, PollState } from '../../lib/crm/outcomes/poll';
import { OUTCOMES } from '../../lib/crm/outcomes/types';
import type { OutcomeFields, OutcomeRule } from '../../lib/crm/outcomes/types';
import { crmTarget } from '../../lib/crm/targets';
import type { CrmTargetDef } from '../../lib/crm/targets';
import { toNodeError } from '../shared/errors';
import { httpFnFrom } from '../shared/http';

const fieldName = z
	.string()
	.trim()
	.regex(/^[A-Za-z_][\w.]*$/, 'must be a CRM field name (letters, digits, _)');

export const ruleRows = z
	.array(
		z.object({
			field: fieldName,
			values: z.string().transform((s) =>
				s
					.split(/[,，\n]/)
					.map((x) => x.trim())
					.filter(Boolean),
			),
			outcome: z.enum(OUTCOMES),
		}),
	)
	.min(1, 'add at least one rule')
	.transform((rows, ctx) => {
		rows.forEach(
			(r, i) => r.values.length === 0 && ctx.addIssue({ code: 'custom', path: [i, 'values'], message: 'list at least one value' }),
		);
		return rows as OutcomeRule[];
	});

/** Reads the rules and fields rows of a target; errors name the parameter and row. */
export function readMapping(
	node: INode,
	rawRules: unknown,
	rawFields: unknown,
	defaults: OutcomeFields,
): { rules: OutcomeRule[]; fields: OutcomeFields } {
	const r = ruleRows.safeParse(((rawRules ?? {}) as IDataObject).rules ?? []);
	if (!r.success) {
		const i = r.error.issues[0];
		throw new NodeOperationError(
			node,
			`Outcome Rules${i.path.length ? ` → rule ${Number(i.path[0]) + 1}${i.path[1] ? ` → ${String(i.path[1])}` : ''}` : ''}: ${i.message}`,
		);
	}
	const given = (rawFields ?? {}) as Record<string, unknown>;
	const fields = { ...defaults };
	for (const k of Object.keys(defaults) as Array<keyof OutcomeFields>) {
		if (given[k] === undefined) continue;
		const v = String(given[k]).trim();
		if (v && !fieldName.safeParse(v).success) throw new NodeOperationError(node, `CRM Fields → ${k}: "${v}" is not a CRM field name`);
		fields[k] = v;
	}
	if (!fields.leadId && !fields.fallbackLeadId)
		throw new NodeOperationError(node, 'CRM Fields: set the Lead ID Field or the Fallback Lead ID Field');
	return { rules: r.data, fields };
}

/** The target's own parameters for `connect`: its defaults, with the ones this node shows. */
function targetParams(ctx: IPollFunctions, t: CrmTargetDef): Record<string, unknown> {
	const raw: Record<string, unknown> = {};
	for (const f of [...t.fields, ...t.options]) raw[f.name] = f.default;
	for (const f of t.fields) raw[f.name] = ctx.getNodeParameter(f.name, f.default) as unknown;
	return t.params.parse(raw);
}

/**
 * One poll: the changed-since query of the picked CRM from the saved cursor, new outcome events
 * out. The cursor and the per-record memory live in the workflow's static data, which n8n keeps in
 * its database and saves when the poll emits; in queue mode only the main instance polls.
 */
export async function pollOutcomes(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = this.getNode();
	const t = crmTarget(this.getNodeParameter('target') as string);
	// Saved workflows from before Watch existed read leads/contacts, as they did.
	const deals = this.getNodeParameter('watch', 'leads') === 'deals';
	const source = deals ? t.dealOutcomes : t.outcomes;
	if (!source)
		throw new NodeOperationError(node, `${t.label} has no ${deals ? 'deal' : 'outcome'} query: use the CRM Outcomes Webhook Trigger`);
	const param = deals ? `${t.id}Deal` : t.id;
	const { rules, fields } = readMapping(
		node,
		this.getNodeParameter(`${param}Rules`, {}),
		this.getNodeParameter(`${param}Fields`, {}),
		source.defaultFields,
	);
	const cx = deals ? { object: 'deals', linkedPrefix: source.linked?.prefix } : {};
	const opt = this.getNodeParameter('options', {}) as IDataObject;
	const manual = this.getMode() === 'manual';
	const now = Date.now();
	const startAt = opt.startFrom ? Date.parse(String(opt.startFrom)) : undefined;
	if (startAt !== undefined && Number.isNaN(startAt))
		throw new NodeOperationError(node, `Options → Start From: "${String(opt.startFrom)}" is not a date`);
	const o: PollOptions = {
		now,
		// "Fetch Test Event" shows the last week's outcomes and saves nothing. n8n saves static data
		// only when a poll emits, so until the first outcome every poll starts without a cursor: it
		// looks back a day (longer than any poll interval), and the memory keeps repeats out.
		startAt: startAt ?? now - (manual ? 7 : 1) * 86_400_000,
		overlapMs: Number(opt.overlapMinutes ?? 5) * 60_000,
		maxRecords: manual ? 20 : Number(opt.maxRecords ?? 2000),
	};
	const data = this.getWorkflowStaticData('node');
	// The leads key is the one saved before deals existed, so a saved trigger keeps its cursor.
	const key = `${t.id}:${deals ? 'deals:' : ''}${JSON.stringify(rules)}`;
	const saved = !manual && data.key === key ? (data.state as PollState | undefined) : undefined;
	const state = saved ?? initialState(o);
	try {
		const connection = await t.connect((type) => this.getCredentials(type), targetParams(this, t), { matchOn: 'email' });
		const io = new CrmIo(t.id, { http: httpFnFrom(this, connection.authenticateWith), rateWaitBudgetMs: 30_000 });
		const page = await source.changedSince(io, connection.config, nextQuery(state, rules, fields, o));
		const res = applyPage(t.id, state, page, rules, fields, o, cx);
		if (!manual) {
			data.key = key;
			data.state = res.state as unknown as IDataObject;
		}
		if (!res.events.length)
			return manual
				? [[{ json: { message: `No outcomes in ${t.label} ${source.object} since ${new Date(o.startAt!).toISOString()}` } }]]
				: null;
		return [res.events.map((e) => ({ json: e as unknown as IDataObject }))];
	} catch (error) {
		if (error instanceof CrmApiError || error instanceof CrmUncertainError) {
			const e = error as CrmApiError;
			throw new NodeApiError(node, { code: e.code ?? '' } as JsonObject, {
				message: e.message,
				description: e.hint,
				httpCode: e.status ? String(e.status) : undefined,
			});
		}
		throw toNodeError(node, error);
	}
}
