import { readFileSync } from 'fs';
import { join } from 'path';
import { fieldList } from '../lib/scoring/read';
import type { ScoringModel } from '../lib/scoring/types';
import { defaultEventFields } from '../test/helpers/eventLogFields';

/**
 * The engine as one self-contained script for an n8n Code node ("Run Once for All Items"), to
 * compare the node against the Code node on the same items. The engine's modules import nothing
 * outside this list, so their compiled JavaScript is wrapped in a tiny module loader; the model is
 * embedded as a JSON literal (validated before). Print it after a build with
 * `node dist/benchmarks/leadScore.js --code-node`.
 */
export const ENGINE_MODULES = [
	'types',
	'names',
	'time',
	'path',
	'conditions',
	'eventId',
	'decay',
	'profile',
	'seen',
	'ruleIdentity',
	'compile',
	'stages',
	'ruleCount',
	'ruleCaps',
	'ledger',
	'engine',
	'read',
	'batch',
] as const;

/** Reads the compiled engine module (works from dist/, where the .js files are). */
export const compiledSource = (name: string) => readFileSync(join(__dirname, '../lib/scoring', `${name}.js`), 'utf8');

/**
 * n8n's task runner makes `Object.defineProperty` a no-op before a Code node runs (a sandbox
 * measure), and TypeScript compiles `export { X } from './y'` to a getter defined that way: the
 * re-export would be undefined there. It becomes a plain assignment (its module is loaded by then).
 */
const REEXPORT = /Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return (\w+)\.(\w+); \} \}\);/g;
export const withoutGetters = (js: string) => js.replace(REEXPORT, 'exports.$1 = $2.$3;');

/** `entry`: the module the bundle evaluates to (`null`: the loader itself, to require any engine module). */
export function engineBundle(source: (name: string) => string = compiledSource, entry: string | null = './batch'): string {
	const defs = ENGINE_MODULES.map(
		(name) => `\t${JSON.stringify(`./${name}`)}: function (module, exports, require) {\n${withoutGetters(source(name))}\n\t},`,
	).join('\n');
	return [
		'const leadScoring = (() => {',
		'\tconst defs = {',
		defs,
		'\t};',
		'\tconst cache = {};',
		'\tconst load = (name) => {',
		"\t\tif (!defs[name]) throw new Error('Lead Score bundle: missing module ' + name);",
		'\t\tif (!cache[name]) {',
		'\t\t\tconst module = { exports: {} };',
		'\t\t\tcache[name] = module;',
		'\t\t\tdefs[name](module, module.exports, load);',
		'\t\t}',
		'\t\treturn cache[name].exports;',
		'\t};',
		entry === null ? '\treturn load;' : `\treturn load(${JSON.stringify(entry)});`,
		'})();',
	].join('\n');
}

export interface CodeNodeOptions {
	model: ScoringModel;
	profileField?: string;
	eventsField?: string;
	leadIdField?: string;
	attributesField?: string;
	zone?: string;
	/** A fixed "now" (epoch ms) for runs that must match the node's; the execution time otherwise. */
	now?: number;
	source?: (name: string) => string;
}

/** The whole Code-node script: bundle, model, and the lines that score `$input.all()` with pairedItem. */
export function codeNodeSource(o: CodeNodeOptions): string {
	const options = {
		profileField: o.profileField ?? 'profile',
		eventsField: o.eventsField ?? 'events',
		leadIdField: fieldList(o.leadIdField ?? 'leadId'),
		attributesField: o.attributesField ?? 'lead',
		eventFields: defaultEventFields(),
		zone: o.zone ?? 'UTC',
	};
	return [
		'// Lead Score engine (n8n-nodes-wecom-growth) for a Code node, mode "Run Once for All Items".',
		'// Items: { leadId, profile, events: [{ id, type, time, ... }], lead: { title, company, ... } }.',
		`const MODEL = ${JSON.stringify(o.model)};`,
		`const OPTIONS = ${JSON.stringify(options)};`,
		engineBundle(o.source),
		'const items = $input.all();',
		`const results = leadScoring.scoreItems(MODEL, items.map((item) => item.json), { ...OPTIONS, now: ${o.now ?? 'Date.now()'} });`,
		'return results.map((json, i) => ({ json, pairedItem: { item: i } }));',
	].join('\n');
}
