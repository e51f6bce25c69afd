/**
 * Runs a template's Code node ("Run Once for All Items", JavaScript) outside n8n, with the
 * variables the node uses: $input, $('Node') (first, all, item, itemMatching), $now and DateTime.
 * Items of referenced nodes are paired by index, as they are in the templates.
 */
import { DateTime, Settings } from 'luxon';
import type { Template } from './support';

export interface CodeContext {
	input: Array<Record<string, unknown>>;
	/** Output items (json) of the nodes the code references by name. */
	nodes?: Record<string, Array<Record<string, unknown>>>;
	/** The clock ($now, Date.now()); the workflow's time zone applies. */
	now?: string;
}

export function runCode(t: Template, nodeName: string, ctx: CodeContext): Array<{ json: any; pairedItem?: unknown }> {
	const node = t.json.nodes.find((n) => n.name === nodeName);
	if (!node || node.type !== 'n8n-nodes-base.code') throw new Error(`${t.file} has no Code node "${nodeName}"`);
	const zone = String(t.json.settings?.timezone ?? 'Asia/Shanghai');
	const items = (list: Array<Record<string, unknown>>) => list.map((json) => ({ json }));
	const $ = (name: string) => {
		const out = ctx.nodes?.[name];
		if (!out) throw new Error(`the test gave no items for "${name}"`);
		return {
			first: () => items(out)[0],
			all: () => items(out),
			itemMatching: (i: number) => items(out)[i],
		};
	};
	const now = ctx.now ? DateTime.fromISO(ctx.now, { zone }) : DateTime.now().setZone(zone);
	const realNow = Date.now;
	const defaultZone = Settings.defaultZone;
	Date.now = () => now.toMillis();
	Settings.defaultZone = zone;
	try {
		const fn = new Function('$input', '$', '$now', 'DateTime', String(node.parameters.jsCode));
		return fn({ all: () => items(ctx.input), first: () => items(ctx.input)[0] }, $, now, DateTime);
	} finally {
		Date.now = realNow;
		Settings.defaultZone = defaultZone;
	}
}
