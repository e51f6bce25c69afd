#!/usr/bin/env node
/**
 * Sends a correctly signed, encrypted WeCom callback to a URL, e.g. a WeCom Trigger's test URL:
 *
 *   node dist/sandbox/send-callback.js --url http://localhost:5678/webhook-test/<id>/webhook --event groupMemberJoined
 *   node dist/sandbox/send-callback.js --url <url> --verify                 (WeCom's URL check)
 *   node dist/sandbox/send-callback.js --url <url> --event customerAdded --set State=poster-0612
 *   node dist/sandbox/send-callback.js --url <url> --xml event.xml          (your own decrypted XML)
 *
 * Secrets: --token, --aes-key, --corp-id, or WECOM_CALLBACK_TOKEN, WECOM_CALLBACK_AES_KEY,
 * WECOM_CALLBACK_CORP_ID; the sandbox corp's by default. Options: --repeat N (send the same event
 * N times, as WeCom's retries do), --legacy-list (old MemChangeList form), --agent-id N.
 */
import { readFileSync } from 'fs';
import {
	SAMPLE_EVENT_NAMES,
	SANDBOX_CALLBACK_SECRETS,
	eventRequest,
	sampleEventXml,
	sendRequest,
	verifyCallbackUrl,
} from './wecom/callbackSender';
import type { CallbackSecrets, EventFields } from './wecom/callbackSender';

interface Args {
	url: string;
	event: string;
	verify: boolean;
	xml?: string;
	set: EventFields;
	repeat: number;
	legacyList: boolean;
	agentId?: number;
	secrets: CallbackSecrets;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Args {
	const value = (name: string) => {
		const i = argv.indexOf(name);
		return i >= 0 ? argv[i + 1] : undefined;
	};
	const set: EventFields = {};
	argv.forEach((a, i) => {
		if (a !== '--set') return;
		const [k, ...rest] = String(argv[i + 1] ?? '').split('=');
		if (!k || !rest.length) throw new Error('--set takes Field=Value, e.g. --set State=poster-0612');
		const v = rest.join('=');
		set[k] = /^\d+$/.test(v) ? Number(v) : v;
	});
	const url = value('--url') ?? env.WECOM_CALLBACK_URL;
	if (!url) throw new Error(`--url is required. Events: ${SAMPLE_EVENT_NAMES.join(', ')}`);
	return {
		url,
		event: value('--event') ?? 'groupMemberJoined',
		verify: argv.includes('--verify'),
		xml: value('--xml'),
		set,
		repeat: Math.max(1, Number(value('--repeat') ?? 1)),
		legacyList: argv.includes('--legacy-list'),
		agentId: value('--agent-id') !== undefined ? Number(value('--agent-id')) : undefined,
		secrets: {
			token: value('--token') ?? env.WECOM_CALLBACK_TOKEN ?? SANDBOX_CALLBACK_SECRETS.token,
			encodingAesKey: value('--aes-key') ?? env.WECOM_CALLBACK_AES_KEY ?? SANDBOX_CALLBACK_SECRETS.encodingAesKey,
			corpId: value('--corp-id') ?? env.WECOM_CALLBACK_CORP_ID ?? SANDBOX_CALLBACK_SECRETS.corpId,
		},
	};
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
	const a = parseArgs(argv);
	if (a.verify) {
		const r = await verifyCallbackUrl(a.url, a.secrets);
		console.log(
			`URL verification: HTTP ${r.status} in ${r.elapsedMs} ms, ${r.ok ? 'echo matches' : `expected "${r.echo}", got "${r.body.slice(0, 200)}"`}`,
		);
		return r.ok ? 0 : 1;
	}
	const xml = a.xml
		? readFileSync(a.xml, 'utf8')
		: sampleEventXml(a.event, { corpId: a.secrets.corpId, set: a.set, legacyMemberList: a.legacyList });
	let failed = false;
	for (let i = 1; i <= a.repeat; i++) {
		// The same event each time (as in WeCom's retries), sealed afresh with a new nonce and IV prefix.
		const r = await sendRequest(a.url, eventRequest(a.secrets, xml, { agentId: a.agentId }));
		console.log(`#${i}: HTTP ${r.status} in ${r.elapsedMs} ms: ${r.body.slice(0, 200)}`);
		failed ||= r.status >= 300;
	}
	return failed ? 1 : 0;
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(e) => {
			console.error((e as Error).message);
			process.exit(2);
		},
	);
}
