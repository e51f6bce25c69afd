import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { awardFromForm, checkReasons, pointsFromAttendance, pointsFromGroupJoin } from '../../../lib/community/awards';
import type { LedgerEntry } from '../../../lib/community/ledger';
import { failOrContinue } from '../../shared/items';
import { idFrom } from '../../shared/wecom/locators';
import { fieldError, groupsFrom, num, str } from './params';

/** One item per event: its key (for the exactly-once claim) and its ledger entries. */
const eventItem = (eventKey: string, entries: LedgerEntry[], paired: number[]): INodeExecutionData => ({
	json: {
		event_key: eventKey,
		entry_count: entries.length,
		points: entries.reduce((s, e) => s + e.points, 0),
		entries,
	} as unknown as IDataObject,
	pairedItem: paired.map((item) => ({ item })),
});

export async function awardFromFormOp(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	try {
		const reasons = checkReasons(((this.getNodeParameter('reasons', 0, {}) as IDataObject).reason as IDataObject[]) ?? []);
		const groups = groupsFrom(items).map((g) => g.group);
		const entry = awardFromForm(
			{
				member: str(this, 'member'),
				group: idFrom(this.getNodeParameter('group', 0, '')),
				reason: str(this, 'reason'),
				note: str(this, 'note'),
				submittedAt: str(this, 'submittedAt'),
			},
			reasons,
			groups,
			str(this, 'timeZone', 0, 'Asia/Shanghai') || 'Asia/Shanghai',
		);
		const found = Math.max(
			0,
			items.findIndex((it) => it.json.chat_id === entry.chat_id),
		);
		return [[eventItem(entry.event_key, [entry], [found])]];
	} catch (error) {
		return [[failOrContinue(this, fieldError(this, error, 0), 0, { member: str(this, 'member'), reason: str(this, 'reason') })]];
	}
}

export async function pointsFromGroupJoinOp(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const out: INodeExecutionData[] = [];
	const groups = groupsFrom(this.getInputData());
	if (!groups.length)
		return [
			[
				failOrContinue(
					this,
					fieldError(this, new Error('no input item is a group: put WeCom → Customer Group → Get before this node'), 0, 'input'),
					0,
				),
			],
		];
	for (const { index, group } of groups) {
		try {
			const raw = this.getNodeParameter('memChangeList', index, '') as unknown;
			const list = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[,\s]+/);
			const eventId = str(this, 'eventId', index);
			if (!eventId) throw fieldError(this, new Error("is empty: map the WeCom Trigger's eventId"), index, 'eventId');
			const entries = pointsFromGroupJoin(
				{
					eventId,
					chatId: group.chat_id,
					memChangeList: list.filter(Boolean),
					createdAt: str(this, 'createdAt', index) || new Date().toISOString(),
				},
				group,
				{
					joinPoints: num(this, 'joinPoints', index, 2),
					joinReason: str(this, 'joinReason', index),
					inviteStatePrefix: str(this, 'inviteStatePrefix', index),
					invitePoints: num(this, 'invitePoints', index, 5),
					inviteReason: str(this, 'inviteReason', index),
				},
			);
			out.push(eventItem(eventId, entries, [index]));
		} catch (error) {
			out.push(failOrContinue(this, fieldError(this, error, index), index));
		}
	}
	return [out];
}

export async function pointsFromAttendanceOp(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const out: INodeExecutionData[] = [];
	const items = this.getInputData();
	for (let i = 0; i < items.length; i++) {
		try {
			const entry = pointsFromAttendance(
				{
					liveId: str(this, 'liveId', i),
					liveTitle: str(this, 'liveTitle', i),
					memberId: str(this, 'memberId', i),
					memberName: str(this, 'memberName', i),
					chatId: str(this, 'chatId', i),
					groupName: str(this, 'groupName', i),
					attendedAt: str(this, 'attendedAt', i),
				},
				num(this, 'livePoints', i, 5),
				str(this, 'liveReason', i),
			);
			out.push(eventItem(entry.event_key, [entry], [i]));
		} catch (error) {
			out.push(failOrContinue(this, fieldError(this, error, i), i));
		}
	}
	return [out];
}
