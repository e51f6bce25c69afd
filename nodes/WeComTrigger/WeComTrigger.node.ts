import type {
	IHookFunctions,
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { z } from 'zod';
import { decodeAesKey, decryptMessage, encryptMessage } from '../../lib/wecom/callback/crypto';
import { SharedRecentKeys } from '../../lib/wecom/callback/dedupe';
import { TRIGGER_EVENT_VALUES } from '../../lib/wecom/callback/events';
import { DEFAULT_MAX_AGE_SECONDS, handleCallback } from '../../lib/wecom/callback/receiver';
import { parseInput, toNodeError } from '../shared/errors';
import { triggerProperties } from './description';
import { rawBodyOf, reply, requestMethod } from './request';

const settingsSchema = z.object({
	events: z.array(z.enum(TRIGGER_EVENT_VALUES as [string, ...string[]])).min(1, 'choose at least one event'),
	options: z
		.object({
			ignoreRetries: z.boolean().default(true),
			includeRaw: z.boolean().default(false),
			maxAgeMinutes: z
				.number()
				.min(0)
				.default(DEFAULT_MAX_AGE_SECONDS / 60),
		})
		.default({}),
});

const credentialSchema = z.object({
	token: z.string().trim().min(1, 'the Token is required'),
	encodingAesKey: z.string().trim().length(43, 'the EncodingAESKey must be 43 characters'),
	corpId: z.string().trim().min(1, 'the Corp ID is required'),
});

export class WeComTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeCom Trigger',
		name: 'weComTrigger',
		icon: 'file:wecom.svg',
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow on WeCom (企业微信) customer group, customer and tag events, from encrypted callbacks',
		defaults: { name: 'WeCom Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wecomCallbackApi', required: true, testedBy: 'wecomCallbackTest' }],
		webhooks: [
			// WeCom checks the URL with a GET carrying echostr when the callback settings are saved.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		eventTriggerDescription: 'Waiting for WeCom to send an event',
		activationMessage:
			"WeCom events for the selected types will now start this workflow. Save the Production URL in WeCom's callback settings.",
		properties: triggerProperties,
	};

	/**
	 * WeCom has no API that registers a callback URL: an admin pastes the Production URL into the
	 * app's callback settings, and WeCom checks it with the GET (echostr) this trigger answers. So
	 * there is nothing to look up, create or delete on WeCom's side when the workflow is published.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	methods = {
		credentialTest: {
			/** No WeCom API can check a callback Token; checks the key's form and an encrypt/decrypt round trip. */
			async wecomCallbackTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const parsed = credentialSchema.safeParse(credential.data as ICredentialDataDecryptedObject);
				if (!parsed.success) return { status: 'Error', message: parsed.error.issues.map((i) => i.message).join('; ') };
				try {
					const key = decodeAesKey(parsed.data.encodingAesKey);
					const back = decryptMessage(key, encryptMessage(key, 'n8n', parsed.data.corpId));
					if (back.message !== 'n8n') return { status: 'Error', message: 'The EncodingAESKey failed an encrypt/decrypt round trip.' };
				} catch (e) {
					return { status: 'Error', message: (e as Error).message };
				}
				return {
					status: 'OK',
					message:
						'Token, EncodingAESKey and Corp ID are well-formed. WeCom checks them against the URL when you save its callback settings.',
				};
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const node = this.getNode();
		const settings = parseInput(
			node,
			settingsSchema,
			{ events: this.getNodeParameter('events', []), options: this.getNodeParameter('options', {}) },
			0,
		);
		const credentials = parseInput(node, credentialSchema, await this.getCredentials('wecomCallbackApi'), 0, 'WeCom Callback credential');
		const method = requestMethod(this);
		let body: string | undefined;
		try {
			body = method === 'POST' ? await rawBodyOf(this) : undefined;
		} catch {
			// An unreadable body is the caller's problem: answer it, start nothing.
			reply(this, 400, 'The callback body could not be read.');
			return { noWebhookResponse: true };
		}
		let outcome;
		try {
			outcome = handleCallback(
				credentials,
				{ method, query: this.getQueryData() as Record<string, unknown>, body },
				{
					events: settings.events,
					dedupe: settings.options.ignoreRetries ? sharedReplayMemory(this) : undefined,
					dedupeScope: `${this.getWorkflow().id ?? ''}|${node.id}|${this.getMode?.() ?? ''}`,
					maxAgeSeconds: settings.options.maxAgeMinutes * 60,
					includeRaw: settings.options.includeRaw,
				},
			);
		} catch (error) {
			// A credential that cannot work: fail visibly in the executions list.
			throw toNodeError(node, error);
		}
		reply(this, outcome.status, outcome.body);
		if (outcome.kind === 'rejected') this.logger.warn(`WeCom Trigger refused a request (${outcome.reason}): ${outcome.body}`);
		if (outcome.kind === 'ignored')
			this.logger.debug(
				`WeCom Trigger acknowledged ${outcome.event ?? 'an event'} without running (${outcome.why}, eventId ${outcome.eventId})`,
			);
		if (outcome.kind !== 'event') return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [[{ json: outcome.item as IDataObject }]] };
	}
}

/**
 * The trigger's replay memory, shared by every n8n process: kept in the node's workflow static data,
 * which n8n loads from its database for each call and saves after it.
 */
function sharedReplayMemory(ctx: IWebhookFunctions): SharedRecentKeys {
	const data = ctx.getWorkflowStaticData('node');
	if (typeof data.recentCallbacks !== 'object' || data.recentCallbacks === null) data.recentCallbacks = {};
	return new SharedRecentKeys(data.recentCallbacks as Record<string, number>);
}
