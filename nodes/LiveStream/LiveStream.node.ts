import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { composeMessages } from './actions/composeMessage';
import { planJourneys } from './actions/planJourney';
import { properties } from './description';

export class LiveStream implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Live Stream',
		name: 'liveStream',
		icon: 'file:liveStream.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "composeMessage" ? "Compose message" : "Plan journey" }}',
		description:
			'Live-stream journeys (直播提醒): when guidance, reminders and the replay go out, and their wording filled in safely for SMS, email or WeCom',
		defaults: { name: 'Live Stream' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return operation === 'composeMessage' ? composeMessages.call(this) : planJourneys.call(this);
	}
}
