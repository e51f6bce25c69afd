/**
 * Helpers for running the template workflows (workflows/*.json) in the e2e n8n: deploy a template
 * as a user would import it (credentials replaced by type, data tables created), change its
 * Settings node as a user would, and wait for what the sandbox receives.
 */
import { join } from 'path';
import { SANDBOX_CALLBACK_SECRETS, eventRequest, sampleEventXml, sendRequest } from '../../../sandbox/wecom/callbackSender';
import { SANDBOX_CORP } from '../../../sandbox/wecom/data';
import type { RecordedRequest } from '../../../sandbox/core/types';
import { sandboxCredentialData } from '../harness';
import type { Harness } from '../harness';

export const WORKFLOWS_DIR = join(__dirname, '..', '..', '..', 'workflows');

export function loadTemplate(e2e: Harness, file: string): any {
	return e2e.loadWorkflow(join(WORKFLOWS_DIR, file));
}

/** A copy of the template with some of its Settings values changed (what a user edits). */
export function withSettings(workflow: any, values: Record<string, unknown>, node = 'Settings'): any {
	const copy = JSON.parse(JSON.stringify(workflow));
	const settings = copy.nodes.find((n: any) => n.name === node);
	if (!settings) throw new Error(`The template has no "${node}" node`);
	const assignments: Array<{ name: string; value: unknown }> = settings.parameters.assignments.assignments;
	for (const [name, value] of Object.entries(values)) {
		const a = assignments.find((x) => x.name === name);
		if (!a) throw new Error(`"${node}" has no field "${name}"`);
		a.value = value;
	}
	return copy;
}

/**
 * A copy of the template with a CRM Push node's SDR to CRM Owner rows set as a marketer picks them
 * (version 2: the SDR from WeCom's staff list, the owner from the CRM's list): WeCom user ID → owner ID.
 */
export function withCrmOwners(workflow: any, owners: Record<string, string>, node = 'CRM Push'): any {
	const copy = JSON.parse(JSON.stringify(workflow));
	const push = copy.nodes.find((n: any) => n.name === node);
	if (!push || push.type !== 'n8n-nodes-wecom-growth.crmPush' || push.typeVersion < 2)
		throw new Error(`The template has no CRM Push node "${node}" with SDR to CRM Owner rows (version 2)`);
	push.parameters.owners = {
		owner: Object.entries(owners).map(([sdr, crmOwner]) => ({
			sdr: { __rl: true, mode: 'list', value: sdr, cachedResultName: sdr },
			crmOwner,
		})),
	};
	return copy;
}

export function settingValue(workflow: any, name: string, node = 'Settings'): any {
	return workflow.nodes.find((n: any) => n.name === node).parameters.assignments.assignments.find((a: any) => a.name === name)?.value;
}

/** The header a caller sends for a template's Header Auth endpoint (the sandbox credential, as deployTemplate picks it by type). */
export function sandboxHeaderAuth(e2e: Harness): Record<string, string> {
	const c = sandboxCredentialData('httpHeaderAuth', e2e.sandboxUrl);
	return { [String(c.name)]: String(c.value) };
}

/** The `authorization` header for a template's Basic Auth form or page (the sandbox credential). */
export function sandboxBasicAuth(e2e: Harness, password?: string): Record<string, string> {
	const c = sandboxCredentialData('httpBasicAuth', e2e.sandboxUrl);
	return { authorization: `Basic ${Buffer.from(`${String(c.user)}:${password ?? String(c.password)}`).toString('base64')}` };
}

/** Imports the template with sandbox credentials for every credential type it uses, and its data tables. */
export async function deployTemplate(e2e: Harness, workflow: any, opts: { activate?: boolean } = {}): Promise<{ id: string }> {
	const types = new Set<string>();
	for (const n of workflow.nodes) for (const t of Object.keys(n.credentials ?? {})) types.add(t);
	const credentials: Record<string, { id: string; name: string }> = {};
	for (const t of types) credentials[t] = await e2e.credential(t);
	await e2e.ensureTemplateTables(workflow);
	return e2e.deploy(workflow, credentials, opts);
}

/** Polls until `check` returns a value that is not undefined/false, or fails after the timeout. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const v = await check();
			if (v !== undefined && v !== false) return v;
		} catch (e) {
			last = e;
		}
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

let createTime = Math.floor(Date.now() / 1000) - 5000;
/** Sends a signed, encrypted WeCom event to a WeCom Trigger's production URL. */
export async function sendWeComEvent(
	n8nUrl: string,
	webhookId: string,
	event: string,
	set: Record<string, string | number | string[]>,
): Promise<void> {
	const xml = sampleEventXml(event, { createTime: ++createTime, set });
	const r = await sendRequest(`${n8nUrl}/webhook/${webhookId}/webhook`, eventRequest(SANDBOX_CALLBACK_SECRETS, xml));
	if (r.status !== 200 || r.body !== 'success') throw new Error(`WeCom Trigger answered ${r.status} ${r.body}`);
}

/** Calls the sandbox's WeCom API as the corp's contact app (what a test sets up or reads back). */
export async function sandboxWeComApi(sandboxUrl: string, path: string, body: unknown): Promise<any> {
	const t = (await (
		await fetch(`${sandboxUrl}/cgi-bin/gettoken?corpid=${SANDBOX_CORP.corpId}&corpsecret=${SANDBOX_CORP.contactSecret}`)
	).json()) as { access_token: string };
	const r = await fetch(`${sandboxUrl}${path}?access_token=${t.access_token}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return r.json();
}

/** Reads a customer group straight from the sandbox's WeCom API (what the workflow should have seen). */
export async function sandboxGroup(sandboxUrl: string, chatId: string): Promise<any> {
	return (await sandboxWeComApi(sandboxUrl, '/cgi-bin/externalcontact/groupchat/get', { chat_id: chatId, need_name: 1 })).group_chat;
}

/**
 * Requests on a path that the sandbox accepted (HTTP 2xx and, for WeCom, errcode 0), oldest first.
 * Refused ones are left out: e.g. a call with a token cached from before a sandbox reset, which the
 * client then repeats with a fresh token.
 */
export async function accepted(e2e: Harness, path: string, since = 0): Promise<RecordedRequest[]> {
	return (await e2e.sandbox.requests(path, since)).filter((r) => {
		const errcode = (r.response as { errcode?: number } | undefined)?.errcode;
		return (r.status ?? 200) < 300 && (errcode === undefined || errcode === 0);
	});
}

/** Bodies of the requests the sandbox accepted on a path (oldest first). */
export async function received(e2e: Harness, path: string, since = 0): Promise<any[]> {
	return (await accepted(e2e, path, since)).map((r) => r.body);
}

/** The highest request sequence number so far: pass it as `since` to see only what comes after. */
export async function requestMark(e2e: Harness): Promise<number> {
	const all = await e2e.sandbox.requests('', 0);
	return all.length ? all[all.length - 1].seq : 0;
}

/** The text of a single-part email as the SMTP receiver got it (base64 or quoted-printable body decoded). */
export function emailText(raw: string): string {
	const split = raw.indexOf('\r\n\r\n');
	const headers = raw.slice(0, split);
	const body = raw.slice(split + 4);
	const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(headers)?.[1]?.toLowerCase();
	if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	if (encoding === 'quoted-printable') {
		const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
		return Buffer.from(bytes, 'latin1').toString('utf8');
	}
	return body;
}

/** The errors of a workflow's failed executions (node and message), to show why a template run failed. */
export async function failures(e2e: Harness, workflowId: string): Promise<string[]> {
	const runs = (await e2e.n8n.executions(workflowId)).filter((r) => r.status === 'error' || r.status === 'crashed');
	const out: string[] = [];
	for (const r of runs) {
		const err = (await e2e.n8n.execution(r.id)).data.resultData.error as
			{ message?: string; node?: { name?: string }; description?: string } | undefined;
		out.push(`#${r.id} ${err?.node?.name ?? '?'}: ${err?.message ?? 'unknown'}${err?.description ? ` (${err.description})` : ''}`);
	}
	return out;
}
