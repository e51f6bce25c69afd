/**
 * Digest benchmark: the time to assemble 10,000 entries into morning reports for 100 groups
 * (validation, day filter, dedupe, sections and caps, calendar, rendering and byte-exact
 * splitting). Run after the build: node dist/benchmarks/digest.js
 */
import { performance } from 'perf_hooks';
import type { DigestOptions } from '../lib/digest/assemble';
import { assembleDigests } from '../lib/digest/assemble';
import type { Entry } from '../lib/digest/entry';
import { entrySchema, toEntry } from '../lib/digest/entry';
import { defaultSections } from '../lib/digest/sections';

const ENTRIES = 10_000;
const GROUPS = 100;
const ZONE = 'Asia/Shanghai';
const TYPES = ['event', 'goodNews', 'jobPost', 'jobSeeker', 'supplierRequest', 'knowledge', 'tip'];
const WORDS = [
	'市场经理',
	'内容营销',
	'私域运营',
	'SDR',
	'展会搭建',
	'短视频',
	'直播',
	'MarTech',
	'增长',
	'线索培育',
	'上海',
	'北京',
	'深圳',
	'杭州',
	'B2B SaaS',
	'🚀',
	'🎉',
	'👩‍💻',
];

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function rng(seed: number): () => number {
	let s = seed;
	return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

export function sampleEntries(n: number, groups: number, seed = 42): Array<Record<string, unknown>> {
	const rand = rng(seed);
	const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
	return Array.from({ length: n }, (_, i) => {
		const duplicate = i > 0 && rand() < 0.05;
		const title = duplicate ? `转发：${`需求 ${i - 1}`}` : `需求 ${i}：${pick(WORDS)}${pick(WORDS)}${pick(WORDS)}`;
		const targeted = rand() < 0.7;
		return {
			id: `e${i}`,
			type: pick(TYPES),
			title,
			body: `${pick(WORDS)}，${pick(WORDS)}，欢迎私聊详谈。`.repeat(1 + Math.floor(rand() * 4)),
			link: rand() < 0.5 ? `https://example.com/req/${duplicate ? i - 1 : i}?utm_source=wecom` : undefined,
			author: `会员${Math.floor(rand() * 2000)}`,
			date: `2025-03-0${1 + Math.floor(rand() * 3)}T0${Math.floor(rand() * 10)}:00:00+08:00`,
			groups: targeted ? Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `group-${Math.floor(rand() * groups)}`) : undefined,
			priority: rand() < 0.1 ? 5 : 0,
		};
	});
}

export function benchOptions(groups: number, format: DigestOptions['format']): DigestOptions {
	return {
		date: '2025-03-03',
		timeZone: ZONE,
		groups: Array.from({ length: groups }, (_, g) => ({ id: `group-${g}`, name: `MarTech ${g} 群` })),
		sections: defaultSections('zh'),
		format,
		language: 'zh',
		titleSimilarity: 0.85,
		maxAgeDays: 0,
		calendar: {
			points: Array.from({ length: 30 }, (_, k) => ({ id: `k${k}`, title: `知识点 ${k}：${WORDS[k % WORDS.length]}` })),
			order: 'shuffled',
			startDate: '2024-01-01',
		},
	};
}

function validate(raw: Array<Record<string, unknown>>): Entry[] {
	const schema = entrySchema(ZONE);
	return raw.map((r, i) => toEntry(schema.parse(r), i));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function main(): Promise<void> {
	const raw = sampleEntries(ENTRIES, GROUPS);
	const runs = 5;
	console.log(
		`Digest: ${ENTRIES.toLocaleString('en')} entries into ${GROUPS} groups' morning reports (median of ${runs} runs, Node ${process.version})`,
	);
	for (const format of ['markdown', 'text', 'html'] as const) {
		const validateMs: number[] = [];
		const assembleMs: number[] = [];
		let last: ReturnType<typeof assembleDigests> | undefined;
		for (let r = 0; r < runs + 1; r++) {
			const t0 = performance.now();
			const entries = validate(raw);
			const t1 = performance.now();
			last = assembleDigests(entries, benchOptions(GROUPS, format));
			const t2 = performance.now();
			// The first run warms the JIT and is not counted.
			if (r) {
				validateMs.push(t1 - t0);
				assembleMs.push(t2 - t1);
			}
		}
		const messages = last!.digests.reduce((n, d) => n + d.messages.length, 0);
		const v = median(validateMs);
		const a = median(assembleMs);
		console.log(
			`  ${format.padEnd(8)} validate ${v.toFixed(0).padStart(5)} ms · assemble ${a.toFixed(0).padStart(5)} ms · total ${(v + a).toFixed(0).padStart(5)} ms` +
				` | ${last!.digests.length} digests, ${messages} messages, ${last!.report.merged} merged, ${last!.carried.length} carried, ${last!.report.notYetDue.length} not yet due`,
		);
	}
}

if (require.main === module) void main();
