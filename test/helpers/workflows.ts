/**
 * Small workflows that several end-to-end suites deploy (single-process e2e and queue mode): built
 * here once, so a change to a node's parameters is made in one place.
 */
export const PACKAGE = 'n8n-nodes-wecom-growth';

type CredentialRef = { id: string; name: string };

/** n8n's Webhook node at (0, 0), answering POST /webhook/<path> (its webhookId is the path); `parameters` adds to or overrides its own. */
export function webhookNode(path: string, parameters: Record<string, unknown> = {}, id = 'w') {
	return {
		id,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: path,
		parameters: { path, httpMethod: 'POST', ...parameters },
	};
}

/** Webhook (POST /webhook/<path>, body `{ text }`) → WeCom robot text message, split when too long. */
export function robotWebhookWorkflow(path: string, robot: CredentialRef, name = 'robot smoke'): any {
	return {
		name,
		nodes: [
			webhookNode(path, {}, 'a'),
			{
				id: 'b',
				name: 'WeCom',
				type: `${PACKAGE}.weCom`,
				typeVersion: 1,
				position: [300, 0],
				parameters: {
					resource: 'robotMessage',
					operation: 'send',
					messageType: 'text',
					content: '={{ $json.body.text }}',
					oversize: 'split',
				},
				credentials: { wecomRobotApi: robot },
			},
		],
		connections: { Webhook: { main: [[{ node: 'WeCom', type: 'main', index: 0 }]] } },
	};
}

const dataTable = (value: string) => ({ __rl: true, mode: 'name', value });
const column = (id: string, type = 'string') => ({
	id,
	displayName: id,
	required: false,
	defaultMatch: false,
	display: true,
	type,
	readOnly: false,
	removed: false,
});
const setColumns = (value: Record<string, string>) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: Object.keys(value).map((k) => column(k)),
	attemptToConvertTypes: false,
	convertFieldsToString: false,
});

/**
 * WeCom Trigger → the exactly-once claim on its eventId (docs/lead-intake.md, Claim Event) → Done.
 * "Done" runs once per event, whichever n8n process each copy of a callback reached.
 */
export function claimedTriggerWorkflow(webhookId: string, callback: CredentialRef, table = 'wecom_event_claims'): any {
	const key = "={{ $('WeCom Trigger').first().json.eventId }}";
	const ownId = "={{ $('Record Event').first().json.id }}";
	const node = (id: string, name: string, type: string, x: number, parameters: any, extra: any = {}) => ({
		id,
		name,
		type,
		typeVersion: type === 'n8n-nodes-base.dataTable' ? 1.1 : type === 'n8n-nodes-base.if' ? 2.2 : 1,
		position: [x, 0],
		parameters,
		...extra,
	});
	const nodes = [
		node('s', 'Create Claims Table', 'n8n-nodes-base.manualTrigger', -250, {}),
		node('c', 'Create Event Claims Table', 'n8n-nodes-base.dataTable', 0, {
			resource: 'table',
			operation: 'create',
			tableName: table,
			columns: {
				column: [
					{ name: 'event_key', type: 'string' },
					{ name: 'status', type: 'string' },
				],
			},
			options: { createIfNotExists: true },
		}),
		node(
			't',
			'WeCom Trigger',
			`${PACKAGE}.weComTrigger`,
			0,
			{ events: ['customerAdded'], options: {} },
			{
				webhookId,
				credentials: { wecomCallbackApi: callback },
			},
		),
		node('r', 'Record Event', 'n8n-nodes-base.dataTable', 250, {
			resource: 'row',
			operation: 'insert',
			dataTableId: dataTable(table),
			columns: setColumns({ event_key: '={{ $json.eventId }}', status: 'pending' }),
			options: {},
		}),
		node(
			'x',
			'Stop Later Copies',
			'n8n-nodes-base.dataTable',
			500,
			{
				resource: 'row',
				operation: 'update',
				dataTableId: dataTable(table),
				matchType: 'allConditions',
				filters: {
					conditions: [
						{ keyName: 'event_key', condition: 'eq', keyValue: key },
						{ keyName: 'status', condition: 'eq', keyValue: 'pending' },
						{ keyName: 'id', condition: 'gt', keyValue: ownId },
					],
				},
				columns: setColumns({ status: 'duplicate' }),
				options: {},
			},
			{ alwaysOutputData: true, executeOnce: true },
		),
		node(
			'g',
			'Read Event Rows',
			'n8n-nodes-base.dataTable',
			750,
			{
				resource: 'row',
				operation: 'get',
				dataTableId: dataTable(table),
				matchType: 'allConditions',
				filters: { conditions: [{ keyName: 'event_key', condition: 'eq', keyValue: key }] },
				returnAll: true,
			},
			{ executeOnce: true },
		),
		node('k', 'Claim Event', `${PACKAGE}.leadIntake`, 1000, { operation: 'claimEvent', ownRowId: ownId }),
		node('f', 'First Time?', 'n8n-nodes-base.if', 1250, {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [
					{ id: 'first', leftValue: '={{ $json.decision }}', rightValue: 'first', operator: { type: 'string', operation: 'equals' } },
				],
				combinator: 'and',
			},
			options: {},
		}),
		node('m', 'Confirm Claim', 'n8n-nodes-base.dataTable', 1500, {
			resource: 'row',
			operation: 'update',
			dataTableId: dataTable(table),
			matchType: 'allConditions',
			filters: {
				conditions: [
					{ keyName: 'id', condition: 'eq', keyValue: ownId },
					{ keyName: 'status', condition: 'eq', keyValue: 'pending' },
				],
			},
			columns: setColumns({ status: 'claimed' }),
			options: {},
		}),
		node('d', 'Done', 'n8n-nodes-base.noOp', 1750, {}),
	];
	const to = (n: string) => ({ main: [[{ node: n, type: 'main', index: 0 }]] });
	return {
		name: 'WeCom Trigger with an exactly-once claim',
		nodes,
		connections: {
			'Create Claims Table': to('Create Event Claims Table'),
			'WeCom Trigger': to('Record Event'),
			'Record Event': to('Stop Later Copies'),
			'Stop Later Copies': to('Read Event Rows'),
			'Read Event Rows': to('Claim Event'),
			'Claim Event': to('First Time?'),
			'First Time?': { main: [[{ node: 'Confirm Claim', type: 'main', index: 0 }], []] },
			'Confirm Claim': to('Done'),
		},
	};
}
