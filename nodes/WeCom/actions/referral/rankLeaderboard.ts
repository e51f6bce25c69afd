import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { LEADERBOARD_TOP_MAX, rankReferrers, renderLeaderboard } from '../../../../lib/referral/leaderboard';
import type { CountedInvite } from '../../../../lib/referral/leaderboard';
import { parseInput } from '../../../shared/errors';
import { failOrContinue } from '../../../shared/items';
import type { Operation } from '../types';
import { showFor } from '../types';

const params = z.object({
	top: z.number().int().min(1).max(LEADERBOARD_TOP_MAX, `must be at most ${LEADERBOARD_TOP_MAX}`),
	title: z.string().trim().min(1, 'is empty'),
	line: z.string().trim().min(1, 'is empty'),
	footer: z.string(),
});

/** All input items are counted invites (rows of the invites table); one output item: the ranking and its text. */
async function rankAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const rows = items.map((it) => it.json as unknown as CountedInvite).filter((r) => r && r.referrer);
	try {
		const p = parseInput(
			this.getNode(),
			params,
			{
				top: Number(this.getNodeParameter('top', 0, 10)),
				title: String(this.getNodeParameter('title', 0, '') ?? ''),
				line: String(this.getNodeParameter('line', 0, '') ?? ''),
				footer: String(this.getNodeParameter('footer', 0, '') ?? ''),
			},
			0,
		);
		if (!rows.length) return [];
		const now = DateTime.now().setZone(this.getTimezone());
		const entries = rankReferrers(rows, { top: p.top, since: now.startOf('day').toMillis() });
		const date = now.toFormat('yyyy-MM-dd');
		const text = renderLeaderboard(entries, p, { date, total: rows.length });
		return [
			{ json: { text, date, total: rows.length, entries } as unknown as IDataObject, pairedItem: items.map((_, i) => ({ item: i })) },
		];
	} catch (error) {
		return [failOrContinue(this, error, 0)];
	}
}

export const rankLeaderboard: Operation = {
	description: showFor('referral', 'rankLeaderboard', [
		{
			displayName:
				'Input: the counted invites (the invites table’s rows with status "counted"): referrer, referrer_name, added_at. No rows: no output (nothing is posted).',
			name: 'rankNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Top',
			name: 'top',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: LEADERBOARD_TOP_MAX },
			default: 10,
			description: 'How many referrers are listed',
		},
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '🏆 邀请排行榜 {date}（共 {total} 位新朋友）',
			description: 'First line: {date} {total}',
		},
		{
			displayName: 'Line',
			name: 'line',
			type: 'string',
			default: '{rank}. {name}：{invites} 人（今日 +{today}）',
			description: 'One line per referrer: {rank} {name} {invites} {today} (invites counted today, in the workflow’s time zone)',
		},
		{ displayName: 'Footer', name: 'footer', type: 'string', default: '', description: 'Last line (optional): {date} {total}' },
	]),
	async execute() {
		return {};
	},
	executeAll(this: IExecuteFunctions) {
		return rankAll.call(this);
	},
};
