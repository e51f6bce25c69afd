import { CommunityPoints } from '../../../nodes/CommunityPoints/CommunityPoints.node';
import { runNode } from '../../helpers/runNode';

const node = new CommunityPoints();
const group = {
	chat_id: 'wrA',
	name: 'MarTech 1群',
	member_list: [
		{ userid: 'zhangsan', type: 1, name: '张三' },
		{ userid: 'wmCHEN', type: 2, name: '陈经理', join_time: 1_764_000_000 },
		{ userid: 'wmNEW', type: 2, name: '新人', state: 'ref_wmCHEN', join_time: 1_764_000_100 },
	],
};
const reasons = { reason: [{ name: '好问题 Good question', points: 10 }] };

describe('Community Points node', () => {
	it('Award From Form: one event item with its entry, paired to the group where the member is', async () => {
		const [out] = await runNode(node, {
			parameters: {
				operation: 'awardFromForm',
				member: '陈经理',
				group: '',
				reason: '好问题 Good question',
				note: 'ABM',
				submittedAt: '2026-11-03T10:00:00+08:00',
				reasons,
				timeZone: 'Asia/Shanghai',
			},
			items: [{ chat_id: 'wrB', name: '别的群', member_list: [] }, group],
		});
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual([{ item: 1 }]);
		expect(out[0].json).toMatchObject({ entry_count: 1, points: 10, entries: [{ member_id: 'wmCHEN', chat_id: 'wrA', points: 10 }] });
	});

	it('Award From Form: an unknown member is an error naming the item and field; with Continue On Fail a failed item', async () => {
		const parameters = {
			operation: 'awardFromForm',
			member: '路人',
			group: '',
			reason: '好问题 Good question',
			note: '',
			submittedAt: '2026-11-03T10:00:00+08:00',
			reasons,
			timeZone: 'Asia/Shanghai',
		};
		await expect(runNode(node, { parameters, items: [group] })).rejects.toThrow(
			/^Item 1: member: Member "路人" is not in the program's groups/,
		);
		const [out] = await runNode(node, { parameters, items: [group], continueOnFail: true });
		expect(out[0].json).toMatchObject({ error: expect.stringMatching(/^Item 1: member: Member "路人"/), member: '路人' });
	});

	it('Points From Group Join: join and invite entries from the group input', async () => {
		const [out] = await runNode(node, {
			parameters: {
				operation: 'pointsFromGroupJoin',
				eventId: 'ev1',
				memChangeList: 'wmNEW',
				createdAt: '',
				joinPoints: 2,
				joinReason: 'join',
				inviteStatePrefix: 'ref_',
				invitePoints: 5,
				inviteReason: 'invite',
			},
			items: [group],
		});
		expect((out[0].json.entries as any[]).map((e) => [e.member_id, e.points])).toEqual([
			['wmNEW', 2],
			['wmCHEN', 5],
		]);
	});

	it('Check Levels: one item per member of the event, with the message when they level up', async () => {
		const rows = [
			{
				id: 1,
				entry_key: 'a',
				event_key: 'e1',
				member_id: 'wmCHEN',
				member_name: '陈经理',
				chat_id: 'wrA',
				group_name: 'MarTech 1群',
				points: 25,
			},
			{
				id: 2,
				entry_key: 'b',
				event_key: 'e2',
				member_id: 'wmCHEN',
				member_name: '陈经理',
				chat_id: 'wrA',
				group_name: 'MarTech 1群',
				points: 10,
			},
		];
		const [out] = await runNode(node, {
			parameters: { operation: 'checkLevels', eventKey: 'e2', levels: '[]', levelUpText: '{name} → {level} ({points})' },
			items: rows,
		});
		expect(out.map((o) => o.json)).toEqual([
			expect.objectContaining({ member_id: 'wmCHEN', levelled_up: true, message: '陈经理 → 活跃成员 (35)' }),
		]);
		expect(out[0].pairedItem).toEqual([{ item: 1 }]);
		await expect(
			runNode(node, {
				parameters: { operation: 'checkLevels', eventKey: 'e2', levels: JSON.stringify([{ level: 'x', from_points: 5 }]), levelUpText: '' },
				items: rows,
			}),
		).rejects.toThrow(/^Item 1: levels: Levels: the first level \("x"\) must start at 0 points/);
	});

	it('Monthly Top and Role Mix: one item per input group', async () => {
		const ledgerRows = [
			{ id: 1, entry_key: 'a', event_key: 'e', member_id: 'wmCHEN', chat_id: 'wrA', points: 30, awarded_at: '2026-10-10T02:00:00Z' },
		];
		const [top] = await runNode(node, {
			parameters: {
				operation: 'monthlyTop',
				ledgerRows,
				month: '2026-10',
				timeZone: 'Asia/Shanghai',
				topSize: 3,
				topText: '{group} {month}\n{lines}',
				topLine: '{rank}. {name} {points}',
				topEmpty: '',
			},
			items: [group],
		});
		expect(top[0].json).toMatchObject({ chat_id: 'wrA', month: '2026-10', content: 'MarTech 1群 2026-10\n1. 陈经理 30' });
		const [mix] = await runNode(node, {
			parameters: { operation: 'roleMix', ledgerRows, levels: [], mixText: '{group}: {members}\n{lines}', mixLine: '{level} {count}' },
			items: [group],
		});
		expect(mix[0].json).toMatchObject({ members: 2, report: 'MarTech 1群: 2\n普通成员 1\n活跃成员 1\n核心成员 0\nKOL 0\n讲师 0' });
	});
});
