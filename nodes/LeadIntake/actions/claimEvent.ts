import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { decideEventClaim } from '../../../lib/intake/eventClaim';
import type { EventClaimRow } from '../../../lib/intake/eventClaim';
import { parseInput } from '../../shared/errors';
import { failOrContinue } from '../../shared/items';

const params = z.object({
	ownRowId: z.number().int().positive('must be the ID of the row this execution inserted into the claims table'),
});

/** All input items are the claims table's rows of one event key; one output item carries the verdict. */
export async function claimEvent(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const rows = items.map((it) => it.json as unknown as EventClaimRow).filter((r) => r && r.id !== undefined && r.id !== null);
	const ownIndex = (id: number) =>
		Math.max(
			0,
			items.findIndex((it) => Number(it.json.id) === id),
		);
	let ownRowId = 0;
	try {
		ownRowId = parseInput(this.getNode(), params, { ownRowId: Number(this.getNodeParameter('ownRowId', 0, 0)) }, 0).ownRowId;
		const verdict = decideEventClaim(ownRowId, rows);
		return [[{ json: verdict as unknown as IDataObject, pairedItem: { item: ownIndex(ownRowId) } }]];
	} catch (error) {
		return [[failOrContinue(this, error, ownIndex(ownRowId), { rowId: ownRowId })]];
	}
}
