/** Loading the template workflows and what they may reference: the pinned n8n's nodes and this pack's. */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { ensureN8n } from '../../../scripts/n8n-runner';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const WORKFLOWS = join(ROOT, 'workflows');
export const PACKAGE = 'n8n-nodes-wecom-growth';

export interface TemplateNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, any>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

export interface Template {
	file: string;
	raw: string;
	json: {
		name: string;
		nodes: TemplateNode[];
		connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
		settings?: Record<string, unknown>;
	};
}

export const TEMPLATE_FILES = [
	'01-trial-signup.json',
	'02-live-stream-reminder.json',
	'03-dead-group-revival.json',
	'04-daily-morning-report.json',
	'05-lead-scoring-pipeline.json',
	'06-welcome-new-contacts.json',
	'07-fission-referral.json',
	'08-community-points.json',
	'09-crm-outcomes.json',
	'10-community-dashboard.json',
	'11-scoring-backtest.json',
];

/** Templates present in workflows/ (all five once the issue is done). */
export function templates(): Template[] {
	return readdirSync(WORKFLOWS)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const raw = readFileSync(join(WORKFLOWS, file), 'utf8');
			return { file, raw, json: JSON.parse(raw) };
		});
}

export function template(file: string): Template {
	const t = templates().find((x) => x.file === file);
	if (!t) throw new Error(`workflows/${file} is missing`);
	return t;
}

export interface NodeDescription {
	name: string;
	version: number | number[];
	defaultVersion?: number;
	properties: Array<{ name: string; type: string; options?: Array<{ value?: unknown; name: string }> }>;
	credentials?: Array<{ name: string }>;
}

/** n8n-nodes-base of the pinned n8n (installed by scripts/ensure-n8n.sh, as for the e2e tests). */
function n8nNodesBase(): string {
	const bin = ensureN8n();
	return join(dirname(bin), '..', 'n8n-nodes-base');
}

let base: { nodes: NodeDescription[]; credentials: string[] } | undefined;
export function pinnedN8n(): { nodes: NodeDescription[]; credentials: string[] } {
	if (!base) {
		const dir = n8nNodesBase();
		const nodes = JSON.parse(readFileSync(join(dir, 'dist', 'types', 'nodes.json'), 'utf8')) as NodeDescription[];
		const credentials = (JSON.parse(readFileSync(join(dir, 'dist', 'types', 'credentials.json'), 'utf8')) as Array<{ name: string }>).map(
			(c) => c.name,
		);
		base = { nodes, credentials };
	}
	return base;
}

/** This pack's nodes and credentials, loaded from source as package.json lists them. */
export function packDescriptions(): { nodes: NodeDescription[]; credentials: string[] } {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const load = (dist: string) => {
		const src = join(ROOT, dist.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		if (!existsSync(src)) return undefined;
		const mod = require(src);
		const Cls = Object.values(mod).find((v) => typeof v === 'function') as new () => any;
		return new Cls();
	};
	const nodes = (pkg.n8n.nodes as string[])
		.map(load)
		.filter(Boolean)
		.map((n) => n.description as NodeDescription);
	const credentials = (pkg.n8n.credentials as string[])
		.map(load)
		.filter(Boolean)
		.map((c) => c.name as string);
	return { nodes, credentials };
}

export function versions(d: NodeDescription): number[] {
	return Array.isArray(d.version) ? d.version : [d.version];
}

/** The description of a node type at a version, from the pinned n8n or this pack. */
export function descriptionOf(type: string, version: number): NodeDescription | undefined {
	if (type.startsWith(`${PACKAGE}.`))
		return packDescriptions().nodes.find((d) => `${PACKAGE}.${d.name}` === type && versions(d).includes(version));
	if (type.startsWith('n8n-nodes-base.'))
		return pinnedN8n().nodes.find((d) => `n8n-nodes-base.${d.name}` === type && versions(d).includes(version));
	return undefined;
}

/** Every string in a JSON value, with its path. */
export function strings(value: unknown, path = ''): Array<{ path: string; value: string }> {
	if (typeof value === 'string') return [{ path, value }];
	if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
	return [];
}

/** A template's Settings values by name (what the user edits). */
export function settingsOf(t: Template, node = 'Settings'): Record<string, any> {
	const n = t.json.nodes.find((x) => x.name === node);
	if (!n) throw new Error(`${t.file} has no "${node}" node`);
	return Object.fromEntries(
		(n.parameters.assignments.assignments as Array<{ name: string; value: unknown }>).map((a) => [a.name, a.value]),
	);
}
