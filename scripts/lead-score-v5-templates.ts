#!/usr/bin/env node
/**
 * Moves the template workflows' Lead Score nodes from version 4 to version 5: each scoring node's
 * model is read from its version 4 parameters with the node's own reader, written as version 5's
 * rule and stage rows (only the lists the template sets; the rest stays at the defaults, the
 * playbook, in both versions), read back with version 5's reader and checked to be the same model
 * before the file is written. Nodes of the other operations only change version.
 *
 *   npm run build && node dist/scripts/lead-score-v5-templates.js [workflows/*.json]
 */
import { isDeepStrictEqual } from 'util';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject, IExecuteFunctions, INode, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { SCORE_GROUPS } from '../lib/scoring/compactForm';
import { modelToRows } from '../lib/scoring/rowForm';
import type { ScoringModel } from '../lib/scoring/types';
import { LeadScore } from '../nodes/LeadScore/LeadScore.node';
import { readModel } from '../nodes/LeadScore/model';

const TYPE = 'n8n-nodes-wecom-growth.leadScore';
const SCORING = new Set(['score', 'scoreEventLog', 'backtest']);
const description = new LeadScore().description;
/** Version 4's lists that version 5's rule rows and stage rows replace. */
const RULE_LISTS = ['ruleLimits', 'repeats', 'bantMarks', ...SCORE_GROUPS.map((g) => `${g}Points`)];
const STAGE_LISTS = ['stagesV4', 'stageMinFit', 'gateStages'];

/** The model a node scores with, as in an execution (parameters resolved by n8n, then the node's reader). */
function modelOf(node: INode): ScoringModel {
	const params = NodeHelpers.getNodeParameters(
		description.properties,
		node.parameters,
		true,
		false,
		{ typeVersion: node.typeVersion },
		description,
	) as IDataObject;
	const ctx = {
		getNode: () => ({ ...node, parameters: params }),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => params[name] ?? fallback,
	} as unknown as IExecuteFunctions;
	return readModel(ctx);
}

/** The node on version 5, its model's lists as version 5's rows where the template sets version 4's. */
export function toVersion5(node: INode): INode {
	if (node.type !== TYPE || node.typeVersion !== 4) return node;
	const next: INode = { ...node, typeVersion: 5 };
	if (!SCORING.has(String(node.parameters.operation ?? 'score'))) return next;
	const model = modelOf(node);
	const rows = modelToRows(model);
	const set = (names: string[]) => names.some((n) => n in node.parameters);
	const parameters: INodeParameters = {};
	for (const [key, value] of Object.entries(node.parameters)) {
		if (RULE_LISTS.includes(key) && set(RULE_LISTS)) continue;
		if (STAGE_LISTS.includes(key)) {
			if (!('stagesV5' in parameters)) parameters.stagesV5 = JSON.parse(JSON.stringify(rows.stages)) as INodeParameters;
			continue;
		}
		parameters[key] = value;
	}
	if (set(RULE_LISTS))
		for (const g of SCORE_GROUPS)
			parameters[`${g}Points`] = JSON.parse(JSON.stringify(rows.points[g] ?? { assignments: [] })) as INodeParameters;
	next.parameters = parameters;
	if (!isDeepStrictEqual(modelOf(next), model)) throw new Error(`${node.name}: version 5 reads a different model than version 4`);
	return next;
}

function main(files: string[]): void {
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		const workflow = JSON.parse(text) as { nodes: INode[] };
		const nodes = workflow.nodes.map(toVersion5);
		if (nodes.every((n, i) => n === workflow.nodes[i])) continue;
		// Each file keeps its indentation and its last line as they are.
		const indent = /^\{\r?\n(\s+)"/.exec(text)?.[1] ?? '\t';
		writeFileSync(file, JSON.stringify({ ...workflow, nodes }, null, indent) + (text.endsWith('\n') ? '\n' : ''));
		console.log(`${file}: ${nodes.filter((n, i) => n !== workflow.nodes[i]).length} Lead Score nodes on version 5`);
	}
}

if (require.main === module) {
	const dir = join(__dirname, '..', '..', 'workflows');
	const args = process.argv.slice(2);
	main(
		args.length
			? args
			: readdirSync(dir)
					.filter((f) => f.endsWith('.json'))
					.map((f) => join(dir, f)),
	);
}
