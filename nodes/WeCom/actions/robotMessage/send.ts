import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import { utf8Bytes } from '../../../../lib/common/bytes';
import type { RobotMessage, RobotWebhook } from '../../../../lib/wecom/robot';
import type { RobotJob } from '../../../../lib/wecom/robotBatch';
import { sendRobotJobs, theoreticalMinimumMs } from '../../../../lib/wecom/robotBatch';
import { createHash } from 'crypto';
import { imageMessageFrom, newsMessage, templateCardMessage, textMessages } from '../../../../lib/wecom/robotMessages';
import type { NamedRobots } from '../../../../lib/wecom/namedRobots';
import { parseInput, toNodeError } from '../../../shared/errors';
import { httpFnFrom } from '../../../shared/http';
import { failedItem, readItems } from '../../../shared/items';
import { namedRobots } from '../../transport';
import { multiPicker } from '../../../shared/wecom/locators';
import { binaryFile, itemError, list } from '../common';
import type { Operation, OperationContext } from '../types';
import { showFor } from '../types';

const textTypes = ['text', 'markdown', 'markdown_v2'] as const;

const params = z.discriminatedUnion('messageType', [
	z.object({
		messageType: z.enum(textTypes),
		content: z.string().trim().min(1, 'is empty'),
		mentionedUserIds: z.array(z.string().min(1)),
		mentionedMobiles: z.array(z.string().regex(/^(\+?\d{5,15}|@all)$/, 'must be a phone number or @all')),
		oversize: z.enum(['split', 'error']),
	}),
	z.object({
		messageType: z.literal('news'),
		articles: z
			.array(
				z.object({
					title: z.string().min(1, 'is empty'),
					description: z.string().optional(),
					url: z.string().url('must be a URL'),
					picurl: z.string().optional(),
				}),
			)
			.min(1, 'add at least one article')
			.max(8, 'WeCom allows 8 articles'),
	}),
	z.object({ messageType: z.enum(['image', 'file']), binaryProperty: z.string().min(1, 'is empty') }),
	z.object({
		messageType: z.literal('template_card'),
		cardType: z.enum(['text_notice', 'news_notice']),
		sourceDescription: z.string(),
		cardTitle: z.string(),
		cardDescription: z.string(),
		emphasisTitle: z.string(),
		emphasisDescription: z.string(),
		subTitle: z.string(),
		imageUrl: z.string(),
		cardUrl: z.string().url('must be a URL'),
		cardExtra: z.record(z.unknown()),
	}),
]);

export const send: Operation = {
	description: showFor('robotMessage', 'send', [
		{
			displayName: 'Message Type',
			name: 'messageType',
			type: 'options',
			default: 'markdown',
			options: [
				{ name: 'File', value: 'file', description: 'A file from binary data (uploaded first, up to 20 MB)' },
				{ name: 'Image', value: 'image', description: 'A JPG or PNG from binary data, up to 2 MB' },
				{ name: 'Markdown', value: 'markdown', description: 'WeCom markdown (colors, links), up to 4096 bytes' },
				{ name: 'Markdown V2', value: 'markdown_v2', description: 'Standard markdown with tables and lists, up to 4096 bytes' },
				{ name: 'News', value: 'news', description: 'One to eight link cards (图文)' },
				{ name: 'Template Card', value: 'template_card', description: 'A text notice or news notice card (模板卡片)' },
				{ name: 'Text', value: 'text', description: 'Plain text, up to 2048 bytes; supports @mentions' },
			],
		},
		{
			displayName: 'Content',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 6 },
			default: '',
			required: true,
			displayOptions: { show: { messageType: [...textTypes] } },
		},
		multiPicker(
			{
				displayName: 'Mention Staff',
				name: 'mentionedUserIds',
				displayOptions: { show: { messageType: ['text'] } },
				description:
					'Staff to @mention, or everyone (@all). Listing staff needs the optional WeCom App credential; without it, use an expression with user IDs (comma-separated).',
			},
			'getRobotMentionStaff',
		),
		{
			displayName: 'Mention Mobiles',
			name: 'mentionedMobiles',
			type: 'string',
			default: '',
			displayOptions: { show: { messageType: ['text'] } },
			description: 'Comma-separated phone numbers to @mention',
		},
		{
			displayName: 'Content Over the Limit',
			name: 'oversize',
			type: 'options',
			default: 'split',
			displayOptions: { show: { messageType: [...textTypes] } },
			options: [
				{ name: 'Split Into Several Messages', value: 'split', description: "Split on line boundaries; each part fits WeCom's byte limit" },
				{ name: 'Fail With an Error', value: 'error' },
			],
		},
		{
			displayName: 'Articles',
			name: 'articles',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, maxValue: 8 },
			default: {},
			displayOptions: { show: { messageType: ['news'] } },
			options: [
				{
					displayName: 'Article',
					name: 'article',
					values: [
						{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'Up to 128 bytes' },
						{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Up to 512 bytes' },
						{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'https://...' },
						{
							displayName: 'Picture URL',
							name: 'picurl',
							type: 'string',
							default: '',
							description: 'JPG or PNG; 1068×455 for the first article, 150×150 for the others',
						},
					],
				},
			],
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryProperty',
			type: 'string',
			default: 'data',
			displayOptions: { show: { messageType: ['image', 'file'] } },
			description: 'The binary property of the input item that holds the image or file',
		},
		{
			displayName: 'Card Type',
			name: 'cardType',
			type: 'options',
			default: 'text_notice',
			displayOptions: { show: { messageType: ['template_card'] } },
			options: [
				{ name: 'Text Notice', value: 'text_notice', description: 'Title, key figure and text' },
				{ name: 'News Notice', value: 'news_notice', description: 'Title and a large image' },
			],
		},
		...(
			[
				['Source Description', 'sourceDescription', 'Small line above the title, e.g. your brand'],
				['Title', 'cardTitle', 'Main title, about 26 characters'],
				['Description', 'cardDescription', 'Line under the title'],
				['Key Figure', 'emphasisTitle', 'Text notice: a highlighted figure, e.g. "98%"'],
				['Key Figure Label', 'emphasisDescription', 'Text notice: what the figure means'],
				['Sub Title', 'subTitle', 'Secondary text, about 112 characters'],
				['Image URL', 'imageUrl', 'News notice: the card image'],
			] as const
		).map(([displayName, name, description]) => ({
			displayName,
			name,
			type: 'string' as const,
			default: '',
			description,
			displayOptions: { show: { messageType: ['template_card'] } },
		})),
		{
			displayName: 'Card Link',
			name: 'cardUrl',
			type: 'string',
			default: '',
			placeholder: 'https://...',
			displayOptions: { show: { messageType: ['template_card'] } },
			description: 'Opened when the card is tapped',
		},
		{
			displayName: 'Extra Card Fields (JSON)',
			name: 'cardExtra',
			type: 'json',
			default: '{}',
			displayOptions: { show: { messageType: ['template_card'] } },
			description: 'Further template_card fields (jump_list, horizontal_content_list, quote_area...) merged into the card',
		},
		{
			displayName: 'Robot Name (Optional)',
			name: 'robotName',
			type: 'string',
			default: '',
			placeholder: 'MarTech 1群',
			description:
				"Send this item through a robot named in the credential's Named Robots (map it from the input, e.g. a group table's robot column). Keeps webhook keys out of tables and execution data.",
		},
		{
			displayName: 'Webhook Key or URL (Optional Override)',
			name: 'webhookOverride',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Send this item through another robot: its webhook URL or key. Lets one node feed several groups (map it from the input). Each robot key is paced to WeCom's 20 messages per minute separately.",
		},
		{
			displayName:
				'Each robot key takes at most 20 messages per minute: 1,000 items to one key take about 50 minutes, 10,000 about 8 hours. Spread large sends over several robots; the node warns with its estimate.',
			name: 'pacingNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Message Key (Optional)',
			name: 'messageKey',
			type: 'string',
			default: '',
			placeholder: '={{ $json.key }}',
			description:
				"A stable key for this item's message (e.g. the Digest's key). Empty: derived from the robot and the content. Every output item carries it, so delivered messages can be recorded and skipped when a run is repeated.",
		},
		{
			displayName: 'Skip Message Keys Already Delivered',
			name: 'alreadyDelivered',
			type: 'string',
			default: '',
			description:
				'Message keys delivered by an earlier run (comma- or line-separated, or an array from an expression, e.g. from a data table): those items are not sent again and are output with delivered: true, skipped: true',
		},
	]),

	async execute() {
		throw new Error('robotMessage.send runs through executeAll');
	},

	async executeAll(this: IExecuteFunctions, ops: OperationContext): Promise<INodeExecutionData[]> {
		const items = this.getInputData();
		let named: NamedRobots | undefined;
		const robotNames: string[] = [];
		// Every item is validated before the first message goes out.
		const { valid, failed } = await readItems(this, async (i) => {
			try {
				const override = String(this.getNodeParameter('webhookOverride', i, '') ?? '').trim();
				const name = String(this.getNodeParameter('robotName', i, '') ?? '').trim();
				robotNames[i] = name;
				const webhook = name ? (named ??= await namedRobots(this)).resolve(name) : await ops.robotWebhook(override || undefined);
				return await buildJob(this, i, webhook);
			} catch (error) {
				throw itemError(this, error, i);
			}
		});
		const jobs: Array<RobotJob | undefined> = [];
		for (const { index, value } of valid) jobs[index] = value;
		const continueOnFail = this.continueOnFail();
		// Stable per message: the same input gives the same keys in any run, on any worker.
		const keys: string[] = [];
		const skipped = new Set<number>();
		const delivered = deliveredKeys(this.getNodeParameter('alreadyDelivered', 0, '') as unknown);
		for (let i = 0; i < items.length; i++) {
			const job = jobs[i];
			if (!job) continue;
			keys[i] = String(this.getNodeParameter('messageKey', i, '') ?? '').trim() || derivedKey(job);
			if (delivered.has(keys[i])) {
				skipped.add(i);
				jobs[i] = undefined;
			}
		}
		warnIfLong(this, jobs);
		const report = await sendRobotJobs(jobs, { http: httpFnFrom(this), stopOnError: !continueOnFail });
		const deliveredSoFar = keys.filter(
			(k, i) => k && (skipped.has(i) || (report.results[i]?.ok && report.results[i]!.sent === jobs[i]?.messages.length)),
		);
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			if (skipped.has(i)) {
				out.push({ json: { sent: false, delivered: true, skipped: true, messageKey: keys[i] }, pairedItem: { item: i } });
				continue;
			}
			const result = report.results[i];
			if (failed[i]) {
				out.push(failed[i]!);
				continue;
			}
			if (result && !result.ok) {
				if (!continueOnFail) {
					const failure = toNodeError(this.getNode(), result.error, i);
					// Say what did go out, so a repeat can skip it (Skip Message Keys Already Delivered).
					if (deliveredSoFar.length) {
						failure.description = `${failure.description ? `${failure.description} ` : ''}${deliveredSoFar.length} message(s) were delivered before this failure; their keys: ${deliveredSoFar.slice(0, 50).join(', ')}${deliveredSoFar.length > 50 ? ', …' : ''}. Turn on Continue On Fail for one result per item.`;
					}
					throw failure;
				}
				out.push(
					failedItem(this.getNode(), result.error, i, {
						sent: false,
						delivered: false,
						partsDelivered: result.sent ?? 0,
						messageKey: keys[i],
					}),
				);
				continue;
			}
			const job = jobs[i]!;
			if (result && result.sent < job.messages.length) {
				// Stopped before this item's turn (an earlier item failed): nothing or part of it went out.
				out.push({
					json: { sent: false, delivered: false, notAttempted: result.sent === 0, partsDelivered: result.sent, messageKey: keys[i] },
					pairedItem: { item: i },
				});
				continue;
			}
			job.messages.forEach((m, n) => {
				const json: IDataObject = {
					sent: true,
					delivered: true,
					messageKey: keys[i],
					messageType: m.msgtype,
					part: n + 1,
					parts: job.messages.length,
					robot: robotNames[i] || `…${job.webhook.key.slice(-4)}`,
				};
				const body = m[m.msgtype] as { content?: string } | undefined;
				if (typeof body?.content === 'string') json.bytes = utf8Bytes(body.content);
				if (result?.mediaId) json.mediaId = result.mediaId;
				out.push({ json, pairedItem: { item: i } });
			});
		}
		return out;
	},
};

async function buildJob(ctx: IExecuteFunctions, i: number, webhook: RobotWebhook): Promise<RobotJob> {
	const type = ctx.getNodeParameter('messageType', i) as string;
	const raw: Record<string, unknown> = { messageType: type };
	if ((textTypes as readonly string[]).includes(type)) {
		raw.content = ctx.getNodeParameter('content', i, '');
		raw.mentionedUserIds = type === 'text' ? list(ctx.getNodeParameter('mentionedUserIds', i, '')) : [];
		raw.mentionedMobiles = type === 'text' ? list(ctx.getNodeParameter('mentionedMobiles', i, '')) : [];
		raw.oversize = ctx.getNodeParameter('oversize', i, 'split');
	} else if (type === 'news') {
		const articles = (ctx.getNodeParameter('articles', i, {}) as { article?: IDataObject[] }).article ?? [];
		raw.articles = articles.map((a) => ({ ...a, description: a.description || undefined, picurl: a.picurl || undefined }));
	} else if (type === 'image' || type === 'file') {
		raw.binaryProperty = ctx.getNodeParameter('binaryProperty', i, 'data');
	} else if (type === 'template_card') {
		for (const f of [
			'cardType',
			'sourceDescription',
			'cardTitle',
			'cardDescription',
			'emphasisTitle',
			'emphasisDescription',
			'subTitle',
			'imageUrl',
			'cardUrl',
		]) {
			raw[f] = ctx.getNodeParameter(f, i, f === 'cardType' ? 'text_notice' : '');
		}
		const extra = ctx.getNodeParameter('cardExtra', i, '{}');
		try {
			raw.cardExtra = typeof extra === 'string' ? JSON.parse(extra || '{}') : extra;
		} catch {
			raw.cardExtra = 'not JSON';
		}
	}
	const p = parseInput(ctx.getNode(), params, raw, i);
	let messages: RobotMessage[];
	switch (p.messageType) {
		case 'news':
			messages = [newsMessage(p.articles)];
			break;
		case 'image':
			messages = [imageMessageFrom((await binaryFile(ctx, i, p.binaryProperty)).data)];
			break;
		case 'file': {
			const file = await binaryFile(ctx, i, p.binaryProperty);
			return {
				webhook,
				messages: [{ msgtype: 'file', file: {} }],
				upload: { type: 'file', filename: file.filename, data: file.data, contentType: file.contentType },
			};
		}
		case 'template_card':
			messages = [
				templateCardMessage({
					cardType: p.cardType,
					sourceDescription: p.sourceDescription || undefined,
					title: p.cardTitle || undefined,
					description: p.cardDescription || undefined,
					emphasisTitle: p.emphasisTitle || undefined,
					emphasisDescription: p.emphasisDescription || undefined,
					subTitle: p.subTitle || undefined,
					imageUrl: p.imageUrl || undefined,
					url: p.cardUrl,
					extra: Object.keys(p.cardExtra).length ? p.cardExtra : undefined,
				}),
			];
			break;
		default:
			messages = textMessages({
				type: p.messageType,
				content: p.content,
				mentionedUserIds: p.mentionedUserIds,
				mentionedMobiles: p.mentionedMobiles,
				oversize: p.oversize,
			});
	}
	return { webhook, messages };
}

function deliveredKeys(value: unknown): Set<string> {
	const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\n,，]+/);
	return new Set(list.map((k) => k.trim()).filter(Boolean));
}

function derivedKey(job: RobotJob): string {
	const robot = createHash('sha256').update(job.webhook.key).digest('hex').slice(0, 12);
	const content = createHash('sha256')
		.update(JSON.stringify([job.messages, job.upload ? createHash('sha256').update(job.upload.data).digest('hex') : '']))
		.digest('hex')
		.slice(0, 20);
	return `robot:${robot}:${content}`;
}

/** A send that takes long (20 messages per minute per key) is announced before it starts. */
function warnIfLong(ctx: IExecuteFunctions, jobs: Array<RobotJob | undefined>): void {
	const perKey = new Map<string, number>();
	for (const j of jobs) if (j) perKey.set(j.webhook.key, (perKey.get(j.webhook.key) ?? 0) + j.messages.length);
	const ms = theoreticalMinimumMs([...perKey.values()]);
	if (ms < 10 * 60_000) return;
	const minutes = Math.ceil(ms / 60_000);
	const message = `Sending ${[...perKey.values()].reduce((a, b) => a + b, 0)} robot messages will take at least ${minutes} minutes (WeCom allows 20 per minute per robot key). Spread them over more robots, or split the run.`;
	ctx.logger?.warn(message);
	if (typeof ctx.addExecutionHints === 'function') ctx.addExecutionHints({ message, location: 'outputPane' });
}
