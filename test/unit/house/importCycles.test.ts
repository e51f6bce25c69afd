import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import * as ts from 'typescript';

/**
 * The layers import downwards only: a cycle (even a type-only one) means two modules can no longer
 * be read, tested or moved apart. Walks every relative import of the shipped and sandbox code.
 */
const ROOT = resolve(__dirname, '../../..');
const AREAS = ['nodes', 'lib', 'credentials', 'sandbox'];

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) return sourceFiles(p);
		return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
	});
}

function resolveImport(from: string, spec: string): string | undefined {
	const base = resolve(dirname(from), spec);
	return [`${base}.ts`, join(base, 'index.ts'), base].find((p) => existsSync(p) && statSync(p).isFile());
}

/** Relative imports of every file, type-only ones included (`import type`, `export ... from`). */
export function importGraph(files: string[]): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of files) {
		const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
		const deps = importedFiles
			.map((i) => i.fileName)
			.filter((s) => s.startsWith('.'))
			.map((s) => resolveImport(file, s))
			.filter((p): p is string => !!p);
		graph.set(file, [...new Set(deps)]);
	}
	return graph;
}

/** Every elementary cycle found by a depth-first walk, each reported once (as a path of files). */
export function findCycles(graph: Map<string, string[]>): string[][] {
	const cycles: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (node: string) => {
		state.set(node, 'open');
		stack.push(node);
		for (const dep of graph.get(node) ?? []) {
			if (state.get(dep) === 'open') cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
			else if (!state.has(dep)) visit(dep);
		}
		stack.pop();
		state.set(node, 'done');
	};
	for (const node of graph.keys()) if (!state.has(node)) visit(node);
	return cycles;
}

describe('import graph', () => {
	it('finds a cycle when there is one (the check can fail)', () => {
		const graph = new Map([
			['a', ['b']],
			['b', ['c']],
			['c', ['a']],
			['d', ['a']],
		]);
		expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
		expect(
			findCycles(
				new Map([
					['a', ['b']],
					['b', []],
				]),
			),
		).toEqual([]);
	});

	it('reads type-only imports and re-exports as edges', () => {
		const { importedFiles } = ts.preProcessFile(
			"import type { A } from './a';\nexport { B } from './b';\nexport * from './c';",
			true,
			true,
		);
		expect(importedFiles.map((i) => i.fileName)).toEqual(['./a', './b', './c']);
	});

	it('has no cycle in nodes/, lib/, credentials/ and sandbox/', () => {
		const files = AREAS.flatMap((a) => sourceFiles(join(ROOT, a)));
		expect(files.length).toBeGreaterThan(100);
		const cycles = findCycles(importGraph(files)).map((c) => c.map((f) => relative(ROOT, f)).join(' → '));
		expect(cycles).toEqual([]);
	});
});
