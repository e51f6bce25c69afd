import type { IDataObject } from 'n8n-workflow';
import { Digest } from '../../../nodes/Digest/Digest.node';
import { END_DAY, EXPECTED, PERIOD_DAYS, SEED_PROFILES, seedEvents } from '../../helpers/dashboardSeed';
import { runNode } from '../../helpers/runNode';

const node = new Digest();
const g1 = { chatId: 'wrG1', name: 'MarTech 1群' };
const g2 = { chatId: 'wrG2', name: 'SaaS 增长群' };
const groups = [
	{ chat_id: 'wrG1', name: g1.name, owner: 'zhangsan', owner_name: '张三', member_count: 120 },
	{ chat_id: 'wrG2', name: g2.name, owner: 'lisi', owner_name: '李四', member_count: 45 },
];
const parameters: IDataObject = {
	operation: 'renderDashboard',
	periodDays: PERIOD_DAYS,
	endDate: END_DAY,
	dashboardLink: 'https://n8n.example.com/webhook/community-dashboard',
	summaryText: '{period} · {leads} leads · {sql} SQL · {accepted} accepted · {pipeline} · {link}',
	dashboardOptions: { language: 'en' },
};
const items = [...seedEvents({ g1, g2 }), ...SEED_PROFILES, ...groups];
const run = (p: IDataObject = {}, input: IDataObject[] = items) => runNode(node, { parameters: { ...parameters, ...p }, items: input });

describe('Digest node: Render Dashboard', () => {
	it('turns merged rows into one item: the page, the summary and the figures, paired to every input', async () => {
		const out = await run();
		expect(out).toHaveLength(1);
		expect(out[0]).toHaveLength(1);
		const { json, pairedItem } = out[0][0];
		expect(json.totals).toMatchObject({ ...EXPECTED.totals, members: 165, groups: 2 });
		expect(json.summary).toBe(
			'2026-11-03 – 2026-11-30 · 5 leads · 3 SQL · 2 accepted · ¥50,000 · https://n8n.example.com/webhook/community-dashboard',
		);
		expect(String(json.html)).toContain('<svg ');
		expect(json.ignored).toEqual({ events: 0, profiles: 0, unknownItems: 0 });
		expect(pairedItem).toHaveLength(items.length);
	});

	it('counts items it does not know, and honours the stage fields', async () => {
		const out = await run({ dashboardOptions: { mqlStage: 'sql' } }, [...items, { foo: 1 }]);
		expect(out[0][0].json.ignored).toMatchObject({ unknownItems: 1 });
		expect(out[0][0].json.totals).toMatchObject({ mql: 3 });
	});

	it('names a bad field: a stage missing from the order, a time zone, a date', async () => {
		await expect(run({ dashboardOptions: { sqlStage: 'qualified' } })).rejects.toThrow(
			'SQL Stage "qualified" is not in Stage Order (firstContact, activated, engaged, mql, sql, sal, opportunity, customer)',
		);
		await expect(run({ dashboardTimeZone: 'Mars/Base' })).rejects.toThrow(/timeZone: is not a time zone/);
		await expect(run({ endDate: '30.11.2026' })).rejects.toThrow(/endDate: must be a date like 2026-11-30/);
	});

	it('keeps the morning report the default operation with its two outputs', async () => {
		const out = await runNode(node, {
			parameters: { date: '2025-03-03', groups: 'g1' },
			items: [{ id: '1', type: 'goodNews', title: '签约', date: '2025-03-03' }],
		});
		expect(out).toHaveLength(2);
		expect(out[0][0].json.group).toBe('g1');
	});
});
