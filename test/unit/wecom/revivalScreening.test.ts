import { activityKind, confirmationAnswer, screenRevivalCandidates } from '../../../lib/wecom/revivalScreening';
import { useSandbox } from '../../helpers/sandbox';
import { json, runWeCom } from './support';

const NOW = Date.parse('2025-06-16T02:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();
const certain = { chat_id: 'wrDEAD', name: 'Dead', inactive: 'certain' };
const possible = (chat_id: string) => ({ chat_id, name: chat_id, inactive: 'possible' });
const screen = (groups: any[], o: { activity?: any[]; confirmations?: any[]; recentDays?: number; countedKinds?: string[] } = {}) =>
	screenRevivalCandidates(groups, {
		activity: o.activity ?? [],
		confirmations: o.confirmations ?? [],
		recentDays: o.recentDays ?? 14,
		countedKinds: o.countedKinds ?? ['joined', 'renamed', 'notice'],
		nowMs: NOW,
	}).map((g) => [g.chat_id, g.decision]);

describe('screenRevivalCandidates', () => {
	it('revives certain groups and asks the operator about possible ones until they answer', () => {
		expect(
			screen([certain, possible('wrP1'), possible('wrP2'), possible('wrP3')], {
				confirmations: [
					{ chat_id: 'wrP1', confirmed: 'yes' },
					{ chat_id: 'wrP2', confirmed: '否' },
					{ chat_id: 'wrP3', confirmed: null },
				],
			}),
		).toEqual([
			['wrDEAD', 'revive'],
			['wrP1', 'revive'],
			['wrP2', 'declined'],
			['wrP3', 'confirm'],
		]);
	});

	it('leaves alone a group with a recent join, rename or notice change, even one the operator confirmed', () => {
		const activity = [
			{ chat_id: 'wrP1', kind: 'add_member', at: daysAgo(3) },
			{ chat_id: 'wrDEAD', kind: 'change_name', at: daysAgo(1) },
			{ chat_id: 'wrP2', kind: 'add_member', at: daysAgo(40) },
		];
		const out = screenRevivalCandidates([possible('wrP1'), certain, possible('wrP2')], {
			activity,
			confirmations: [{ chat_id: 'wrP1', confirmed: 'yes' }],
			recentDays: 14,
			countedKinds: ['joined', 'renamed', 'notice'],
			nowMs: NOW,
		});
		expect(out.map((g) => [g.chat_id, g.decision, g.decision_reason])).toEqual([
			['wrP1', 'active', 'Alive: a member joined 3 days ago'],
			['wrDEAD', 'active', 'Alive: the group was renamed 1 day ago'],
			['wrP2', 'confirm', 'Possibly inactive: waiting for the operator’s yes'],
		]);
		// An old event is kept as a signal on the output but does not count.
		expect(out[2]).toMatchObject({ last_activity_kind: 'joined', last_activity_at: daysAgo(40) });
	});

	it('counts only the chosen kinds: leaves are recorded but are no sign of life by default', () => {
		const activity = [{ chat_id: 'wrP1', kind: 'del_member', at: daysAgo(1) }];
		expect(screen([possible('wrP1')], { activity })).toEqual([['wrP1', 'confirm']]);
		expect(screen([possible('wrP1')], { activity, countedKinds: ['left'] })).toEqual([['wrP1', 'active']]);
	});

	it('uses the latest event of a group and ignores rows without a group or a time', () => {
		const activity = [
			{ chat_id: 'wrP1', kind: 'add_member', at: daysAgo(30) },
			{ chat_id: 'wrP1', kind: 'joined', at: daysAgo(2) },
			{ chat_id: '', kind: 'add_member', at: daysAgo(1) },
			{ chat_id: 'wrP2', kind: 'add_member', at: 'yesterday' },
			{},
		];
		expect(screen([possible('wrP1'), possible('wrP2')], { activity })).toEqual([
			['wrP1', 'active'],
			['wrP2', 'confirm'],
		]);
		expect(screen([possible('wrP1')], { activity, recentDays: 0 })).toEqual([['wrP1', 'confirm']]);
	});
});

describe('activityKind and confirmationAnswer', () => {
	it('reads WeCom change types and typed answers', () => {
		expect(['add_member', 'DEL_MEMBER', 'change_name', 'change_notice', 'change_owner', undefined].map(activityKind)).toEqual([
			'joined',
			'left',
			'renamed',
			'notice',
			undefined,
			undefined,
		]);
		expect(['yes', ' YES ', '是', 'true', 1, 'no', '否', '', null, 'maybe'].map(confirmationAnswer)).toEqual([
			'yes',
			'yes',
			'yes',
			'yes',
			'yes',
			'no',
			'no',
			undefined,
			undefined,
			undefined,
		]);
	});
});

describe('WeCom node: Customer Group → Screen Revival Candidates', () => {
	const ctx = useSandbox();
	const params = (activity: any, confirmations: any) => ({
		resource: 'customerGroup',
		operation: 'screenRevival',
		activityRows: activity,
		confirmationRows: confirmations,
		recentDays: 14,
		countedKinds: ['joined', 'renamed', 'notice'],
	});

	it('takes data-table rows (as a list or JSON text, the empty "no rows" item skipped) and keeps each group paired', async () => {
		const recent = new Date(Date.now() - 86_400_000).toISOString();
		const out = await runWeCom(
			ctx,
			params([{ chat_id: 'wrB', kind: 'add_member', at: recent }, {}], JSON.stringify([{ chat_id: 'wrA', confirmed: '是' }])),
			{
				items: [{ json: possible('wrA') }, { json: possible('wrB') }, { json: possible('wrC') }],
			},
		);
		expect(json(out).map((g) => [g.chat_id, g.decision])).toEqual([
			['wrA', 'revive'],
			['wrB', 'active'],
			['wrC', 'confirm'],
		]);
		expect(out[0].map((o) => (o.pairedItem as { item: number }).item)).toEqual([0, 1, 2]);
	});

	it('names the item and the field on a bad group and on rows that are not JSON', async () => {
		const missing = await runWeCom(ctx, params([], []), { items: [{ json: { name: 'x' } }] }).catch((e) => e);
		expect(String(missing.message)).toMatch(/Item 1.*chat_id/);
		const bad = await runWeCom(ctx, params('[{', []), { items: [{ json: possible('wrA') }] }).catch((e) => e);
		expect(String(bad.message)).toContain('Recorded Group Events is not valid JSON');
	});
});
