import { DEFAULT_FXIAOKE_BASE_URL, objectData } from './fxiaoke';
import { DEFAULT_HUBSPOT_BASE_URL, NOTE_TO_CONTACT, TASK_TO_CONTACT } from './hubspot';
import type { PushConfig } from './push';
import { leadBody, sfBase, taskBodies, upsertPath } from './salesforce';
import type { PreparedLead } from './types';
import { webhookRequest } from './webhook';

export interface PreviewRequest {
	method: string;
	url: string;
	body: unknown;
	headers?: Record<string, string>;
	note?: string;
}

/** The writes a lead would cause (dry run). Reads are left out; secrets never appear. */
export function previewRequests(cfg: PushConfig, p: PreparedLead): PreviewRequest[] {
	switch (cfg.mapping.target) {
		case 'hubspot': {
			const base = (cfg.hubspot?.baseUrl || DEFAULT_HUBSPOT_BASE_URL).replace(/\/+$/, '');
			const properties = Object.fromEntries(Object.entries({ ...p.fields, ...(p.ownerId ? { hubspot_owner_id: p.ownerId } : {}) }).map(([k, v]) => [k, String(v)]));
			const out: PreviewRequest[] = [{ method: 'POST', url: `${base}/crm/v3/objects/contacts/batch/upsert`, body: { inputs: [{ idProperty: cfg.hubspot?.idProperty, id: p.matchValue, properties }] }, note: 'Only new or changed properties are sent when the contact exists.' }];
			if (p.task) out.push({ method: 'POST', url: `${base}/crm/v3/objects/tasks/batch/create`, body: { inputs: [{ properties: { hs_task_subject: p.task.subject, hs_task_body: p.task.body, hs_timestamp: new Date(p.task.dueAt).toISOString(), hs_task_priority: p.task.priority }, associations: [{ to: { id: '(contact id)' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT }] }] }] }, note: 'Skipped when the contact already has this task.' });
			if (p.activities.length) out.push({ method: 'POST', url: `${base}/crm/v3/objects/notes/batch/create`, body: { inputs: p.activities.map((a) => ({ properties: { hs_note_body: a.body, hs_timestamp: new Date(a.at).toISOString() }, associations: [{ to: { id: '(contact id)' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] }] })) } });
			return out;
		}
		case 'salesforce': {
			const sf = cfg.salesforce!;
			const base = sfBase(sf);
			const subs: Array<Record<string, unknown>> = [{ method: 'PATCH', url: upsertPath(sf, p.matchValue), referenceId: `L${p.index}`, body: leadBody(sf, p) }];
			taskBodies(p, `@{L${p.index}.id}`).forEach((t, n) => subs.push({ method: 'POST', url: `${base}/sobjects/Task`, referenceId: `L${p.index}_T${n}`, body: t.body }));
			return [{ method: 'POST', url: `${sf.instanceUrl.replace(/\/+$/, '')}${base}/composite`, body: { allOrNone: false, compositeRequest: subs }, note: 'Leads are packed 25 subrequests per call; unchanged leads and existing tasks are left out.' }];
		}
		case 'fxiaoke': {
			const fx = cfg.fxiaoke!;
			const base = (fx.baseUrl || DEFAULT_FXIAOKE_BASE_URL).replace(/\/+$/, '');
			return [{ method: 'POST', url: `${base}/cgi/crm/v2/data/create`, body: { data: { object_data: { dataObjectApiName: 'LeadsObj', ...objectData(fx, p), ...(p.ownerId ? { owner: [p.ownerId] } : {}) } } }, note: 'An update (/cgi/crm/v2/data/update) with the changed fields only when the duplicate search finds the lead.' }];
		}
		case 'webhook': {
			const r = webhookRequest({ ...cfg.webhook!, secret: cfg.webhook?.secret }, p, cfg.mapping.matchOn);
			const headers = { ...r.headers };
			for (const k of Object.keys(headers)) if (k !== 'content-type' && k !== 'idempotency-key' && k !== 'x-webhook-timestamp') headers[k] = '(HMAC signature)';
			return [{ method: 'POST', url: r.url, headers, body: r.payload }];
		}
	}
}
