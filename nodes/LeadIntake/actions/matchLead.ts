import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { matchLead as decide } from '../../../lib/intake/leadKey';
import type { LeadProfileRow } from '../../../lib/intake/leadKey';
import { parseInput } from '../../shared/errors';
import { failOrContinue } from '../../shared/items';

const params = z.object({
	externalUserId: z.string().trim().min(1, 'is required: the WeCom contact to match'),
	state: z.string(),
	phones: z.array(z.string()),
});

/** All input items are candidate lead_profiles rows (possibly none, one empty item); one output item carries the match. */
export async function matchLead(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const rows = items.map((it) => it.json as unknown as LeadProfileRow).filter((r) => r && r.lead_id !== undefined && r.lead_id !== null);
	try {
		const p = parseInput(
			this.getNode(),
			params,
			{
				externalUserId: String(this.getNodeParameter('externalUserId', 0, '') ?? ''),
				state: String(this.getNodeParameter('contactState', 0, '') ?? ''),
				phones: String(this.getNodeParameter('recordedPhones', 0, '') ?? '')
					.split(/[,，;\s]+/)
					.filter(Boolean),
			},
			0,
		);
		const match = decide({ externalUserId: p.externalUserId, state: p.state, phones: p.phones }, rows);
		return [[{ json: match as unknown as IDataObject, pairedItem: { item: 0 } }]];
	} catch (error) {
		return [[failOrContinue(this, error, 0, {})]];
	}
}
