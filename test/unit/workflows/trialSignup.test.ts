import type { TemplateNode } from './support';
import { settingsOf, template } from './support';

/**
 * Template 01 as a safety review reads it: no code, nothing a stranger types in the company's
 * SMS, an existing CRM contact never overwritten, every request recorded before it is answered,
 * and notifications that may fail without losing the lead.
 */
const t = template('01-trial-signup.json');
const node = (name: string) => {
	const n = t.json.nodes.find((x) => x.name === name) as (TemplateNode & { onError?: string }) | undefined;
	if (!n) throw new Error(`no node ${name}`);
	return n;
};
const next = (name: string, output = 0) => (t.json.connections[name]?.main[output] ?? []).map((c) => c.node);
const settings = settingsOf(t);

describe('template 01: trial signup', () => {
	it('is named with its number and holds no Code node', () => {
		expect(t.json.name).toMatch(/^01 Trial signup/);
		expect(t.json.nodes.filter((n) => n.type === 'n8n-nodes-base.code')).toEqual([]);
	});

	it('keeps values only in Settings: no expressions', () => {
		const assignments = node('Settings').parameters.assignments.assignments as Array<{ name: string; value: unknown }>;
		for (const a of assignments) expect([a.name, typeof a.value === 'string' && a.value.startsWith('=')]).toEqual([a.name, false]);
	});

	it("sends an SMS with the company's fixed text only: nothing the prospect typed", () => {
		const body = String(node('Send SMS Receipt').parameters.jsonBody);
		expect(body).toContain('templateParams: []');
		expect(body).not.toMatch(/\.name|\.company|\.title/);
		expect(settings.smsReceiptText).not.toContain('{');
		expect(node('Send SMS Receipt').onError).toBe('continueRegularOutput');
	});

	it('records the request before answering it, and decides repeats and limits on the recorded rows', () => {
		expect(next('Valid?')).toEqual(['Record Signup']);
		expect(next('Record Signup')).toEqual(['Stop Later Copies']);
		expect(next('Stop Later Copies')).toEqual(["Read Today's Signups"]);
		expect(node("Read Today's Signups").parameters).toMatchObject({
			matchType: 'anyCondition',
			orderBy: true,
			orderByColumn: 'id',
			orderByDirection: 'ASC',
		});
		expect(next("Read Today's Signups")).toEqual(['Check Limits and Repeats']);
		expect(node('Check Limits and Repeats').parameters.operation).toBe('checkLimits');
		expect(next('Decision', 0)).toEqual(['HTML Form?']);
		expect(next('Decision', 2)).toEqual(['Forget Refused Request']);
		expect(next('Forget Refused Request')).toEqual(['Too Many Requests']);
		expect(node('Too Many Requests').parameters.options.responseCode).toBe(429);
	});

	it('claims the key in two atomic writes: later received copies stopped, then its own received row confirmed before any notice', () => {
		const stop = node('Stop Later Copies');
		expect(stop.parameters.columns.value.status).toBe('repeat');
		expect(stop.parameters.filters.conditions).toEqual([
			{ keyName: 'key', condition: 'eq', keyValue: '={{ $json.key }}' },
			{ keyName: 'status', condition: 'eq', keyValue: 'received' },
			{ keyName: 'id', condition: 'gt', keyValue: '={{ $json.id }}' },
		]);
		expect(stop).toMatchObject({ alwaysOutputData: true, executeOnce: true });
		expect(next('New Signup?', 0)).toEqual(['Confirm Claim']);
		const confirm = node('Confirm Claim') as TemplateNode & { alwaysOutputData?: boolean };
		expect(confirm.parameters.columns.value.status).toBe('claimed');
		expect(confirm.parameters.filters.conditions).toContainEqual({ keyName: 'status', condition: 'eq', keyValue: 'received' });
		// No row changed, no item: a copy whose confirm lost sends nothing.
		expect(confirm.alwaysOutputData).toBeUndefined();
		expect(next('Confirm Claim')).toEqual(['Notify Customer Service']);
	});

	it('queues a new signup for the CRM once its notices are recorded, in the same write, only while it is still claimed', () => {
		const record = node('Record Notices');
		expect(record.parameters.columns.value.status).toBe('queued');
		expect(record.parameters.filters.conditions).toContainEqual({ keyName: 'status', condition: 'eq', keyValue: 'claimed' });
		expect(record.onError).toBeUndefined();
		for (const [name, status] of [
			['Requeue Unanswered Signups', 'received'],
			['Requeue Unnotified Signups', 'claimed'],
		])
			expect(node(name).parameters.filters.conditions).toContainEqual(
				expect.objectContaining({ keyName: 'status', condition: 'eq', keyValue: status }),
			);
	});

	it('never lets a failed notification stop the lead: notice, SMS and email continue on failure', () => {
		for (const name of ['Notify Customer Service', 'Send SMS Receipt', 'Send Welcome Email', 'CRM Push'])
			expect([name, node(name).onError]).toEqual([name, 'continueRegularOutput']);
	});

	it('pushes to the CRM from the queue, filling only empty fields of an existing contact, and re-queues what the CRM did not take', () => {
		expect(node('CRM Push').parameters.options.existingRecords).toBe('fillEmpty');
		expect(next('Reached the CRM?', 1)).toEqual(['Back to Queue']);
		expect(node('Back to Queue').parameters.columns.value.status).toBe('queued');
		expect(node('Claim Queued Signups').parameters.columns.value.status).toBe('=pushing:{{ $execution.id }}');
	});
});
