import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { decideIntake } from '../../../lib/intake/claim';
import type { IntakeRow } from '../../../lib/intake/claim';
import { parseInput, toNodeError } from '../../shared/errors';

const params = z.object({
	ownRowId: z.number().int().positive('must be the ID of the row this request inserted'),
	perPhone: z.number().int().min(0),
	perEmail: z.number().int().min(0),
	perIp: z.number().int().min(0),
	smsPerPhone: z.number().int().min(0),
});

/** All input items are rows of the intake table; one output item carries the verdict. */
export async function checkLimits(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	try {
		const p = parseInput(
			node,
			params,
			{
				ownRowId: Number(this.getNodeParameter('ownRowId', 0, 0)),
				perPhone: this.getNodeParameter('perPhone', 0, 3),
				perEmail: this.getNodeParameter('perEmail', 0, 2),
				perIp: this.getNodeParameter('perIp', 0, 20),
				smsPerPhone: this.getNodeParameter('smsPerPhone', 0, 1),
			},
			0,
			'parameters',
		);
		const rows = items.map((it) => it.json as unknown as IntakeRow).filter((r) => r && r.id !== undefined);
		const verdict = decideIntake(p.ownRowId, rows, p);
		const own = Math.max(
			0,
			rows.findIndex((r) => Number(r.id) === p.ownRowId),
		);
		return [[{ json: verdict as unknown as IDataObject, pairedItem: { item: own } }]];
	} catch (error) {
		if (!this.continueOnFail()) throw toNodeError(node, error, 0);
		return [[{ json: { error: (error as Error).message }, pairedItem: { item: 0 } }]];
	}
}
