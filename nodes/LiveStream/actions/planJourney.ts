import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { planJourney } from '../../../lib/liveStream/journey';
import { parseInput } from '../../shared/errors';
import { mapItems } from '../../shared/items';

const params = z.object({
	eventStart: z.string().trim().min(1, 'is required'),
	durationMinutes: z.number().min(0),
	reminderMinutesBefore: z.number().min(0),
	replayDelayMinutes: z.number().min(0),
	guidanceMinDays: z.number().min(0),
	guidanceMaxDays: z.number().min(0),
	defaultActiveHour: z.number().int().min(0).max(23),
	plannedAt: z.string().trim().min(1, 'is required'),
	timeScale: z.number().positive(),
});

/** The input item with its plan's times added (real ones and the ones the Wait nodes use). */
export async function planJourneys(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const timezone = this.getTimezone();
	return [
		await mapItems(this, async (i, item) => {
			const p = parseInput(
				node,
				params,
				{
					eventStart: String(this.getNodeParameter('eventStart', i, '') ?? ''),
					durationMinutes: Number(this.getNodeParameter('durationMinutes', i, 90)),
					reminderMinutesBefore: Number(this.getNodeParameter('reminderMinutesBefore', i, 5)),
					replayDelayMinutes: Number(this.getNodeParameter('replayDelayMinutes', i, 30)),
					guidanceMinDays: Number(this.getNodeParameter('guidanceMinDays', i, 1)),
					guidanceMaxDays: Number(this.getNodeParameter('guidanceMaxDays', i, 3)),
					defaultActiveHour: Number(this.getNodeParameter('defaultActiveHour', i, 20)),
					plannedAt: String(this.getNodeParameter('plannedAt', i, '') ?? ''),
					timeScale: Number(this.getNodeParameter('timeScale', i, 1)),
				},
				i,
				'parameters',
			);
			const plan = planJourney(
				{ ...p, durationMinutes: p.durationMinutes, timezone },
				p.plannedAt,
				this.getNodeParameter('activeHour', i, '') as unknown,
			);
			return { ...item.json, ...plan } as IDataObject;
		}),
	];
}
