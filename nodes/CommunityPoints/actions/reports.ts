import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { standingsAfterEvent } from '../../../lib/community/ladder';
import { renderLevelUp } from '../../../lib/community/levelUp';
import { monthRange, monthlyTop, renderMix, renderTop, roleMix } from '../../../lib/community/reports';
import { failOrContinue } from '../../shared/items';
import { fieldError, groupsFrom, jsonList, ladderFrom, ledgerFrom, num, str } from './params';

/** All input items are ledger rows; one output item per member of the event. */
export async function checkLevelsOp(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	try {
		const eventKey = str(this, 'eventKey');
		if (!eventKey) throw fieldError(this, new Error('is empty: map the event_key of the entries just added'), 0, 'eventKey');
		const ladder = ladderFrom(this);
		const rows = ledgerFrom(items.map((it) => it.json));
		const wording = str(this, 'levelUpText');
		return [
			standingsAfterEvent(rows, eventKey, ladder).map((s) => ({
				json: { ...s, message: s.levelled_up ? renderLevelUp(s, wording) : '' } as unknown as IDataObject,
				pairedItem: items.flatMap((it, item) => (it.json.member_id === s.member_id && it.json.event_key === eventKey ? [{ item }] : [])),
			})),
		];
	} catch (error) {
		return [[failOrContinue(this, fieldError(this, error, 0), 0)]];
	}
}

/** Each input group's top members of the month and the message to post there. */
export async function monthlyTopOp(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const out: INodeExecutionData[] = [];
	const groups = groupsFrom(this.getInputData());
	let rows: ReturnType<typeof ledgerFrom> = [];
	try {
		rows = ledgerFrom(jsonList(this, 'ledgerRows'));
		monthRange(str(this, 'month'), str(this, 'timeZone', 0, 'Asia/Shanghai'));
	} catch (error) {
		return [[failOrContinue(this, fieldError(this, error, 0, 'month'), 0)]];
	}
	for (const { index, group } of groups) {
		try {
			const month = monthRange(str(this, 'month', index), str(this, 'timeZone', index, 'Asia/Shanghai')).label;
			const top = monthlyTop(rows, group, month, str(this, 'timeZone', index, 'Asia/Shanghai'), num(this, 'topSize', index, 3));
			const content = renderTop(top, group, month, {
				text: str(this, 'topText', index),
				line: str(this, 'topLine', index),
				empty: str(this, 'topEmpty', index),
			});
			out.push({
				json: { chat_id: group.chat_id, group_name: group.name ?? group.chat_id, month, top, content } as unknown as IDataObject,
				pairedItem: { item: index },
			});
		} catch (error) {
			out.push(failOrContinue(this, fieldError(this, error, index), index, { chat_id: group.chat_id }));
		}
	}
	return [out];
}

/** Each input group's members per ladder level, against the target shares, with a readable report. */
export async function roleMixOp(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const out: INodeExecutionData[] = [];
	const groups = groupsFrom(this.getInputData());
	let rows: ReturnType<typeof ledgerFrom> = [];
	let ladder: ReturnType<typeof ladderFrom>;
	try {
		rows = ledgerFrom(jsonList(this, 'ledgerRows'));
		ladder = ladderFrom(this);
	} catch (error) {
		return [[failOrContinue(this, error, 0)]];
	}
	for (const { index, group } of groups) {
		try {
			const mix = roleMix(rows, group, ladder);
			const report = renderMix(mix, { text: str(this, 'mixText', index), line: str(this, 'mixLine', index) });
			out.push({ json: { ...mix, report } as unknown as IDataObject, pairedItem: { item: index } });
		} catch (error) {
			out.push(failOrContinue(this, fieldError(this, error, index), index, { chat_id: group.chat_id }));
		}
	}
	return [out];
}
