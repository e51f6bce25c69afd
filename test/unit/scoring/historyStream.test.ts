import { Readable } from 'stream';
import { Backtest } from '../../../lib/scoring/backtest';
import { compileModel } from '../../../lib/scoring/compile';
import { backtestFiles, csvFields, fileRows, HistoryFileError, textLines } from '../../../lib/scoring/historyStream';
import type { HistorySource, StreamOptions } from '../../../lib/scoring/historyStream';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { attributesFor, eventsFor, prng } from '../../../benchmarks/leadScore';
import { NOW } from './support';
import { higherBarModel } from '../../helpers/candidateModels';
import { defaultLogFields } from '../../helpers/eventLogFields';

const collect = async <T>(it: AsyncIterable<T[]>) => {
	const out: T[] = [];
	for await (const batch of it) out.push(...batch);
	return out;
};

describe('textLines', () => {
	it('splits on \\n and \\r\\n across chunk edges, and keeps a multi-byte character cut between chunks', async () => {
		const bytes = Buffer.from('a,1\r\n市场,2\nlast');
		// Cut inside "市" (3 bytes in UTF-8) and inside "\r\n".
		const chunks = [bytes.subarray(0, 4), bytes.subarray(4, 6), bytes.subarray(6)];
		expect(await collect(textLines(Readable.from(chunks)))).toEqual(['a,1', '市场,2', 'last']);
	});
});

describe('csvFields', () => {
	it('reads quoted fields with commas and doubled quotes, empty fields, and says when a quote is still open', () => {
		expect(csvFields('1,"{""a"":1,""b"":2}",,x')).toEqual(['1', '{"a":1,"b":2}', '', 'x']);
		expect(csvFields('1,"open')).toBeNull();
		expect(csvFields('a,')).toEqual(['a', '']);
	});

	it('a quoted field across lines is one row, numbered by its first line', async () => {
		const rows = await collect(fileRows(textLines(Readable.from(['id,createdAt,note\n1,t,"two\nlines"\n2,t,x\n'])), 'csv'));
		expect(rows).toEqual([
			{ line: 2, row: { id: '1', createdAt: 't', note: 'two\nlines' } },
			{ line: 4, row: { id: '2', createdAt: 't', note: 'x' } },
		]);
	});
});

describe('textLines: the line cap', () => {
	it('stops at a line longer than the cap, naming its line, without reading the rest of an endless line', async () => {
		let read = 0;
		async function* endless() {
			yield Buffer.from('{"id":1}\n{"id":2}\n');
			// 64 KB pieces without a newline, for ever: only the cap ends the read.
			for (;;) {
				read += 65536;
				yield Buffer.alloc(65536, 0x61);
			}
		}
		const error = await collect(textLines(endless(), 1024 * 1024)).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HistoryFileError);
		expect((error as HistoryFileError).line).toBe(3);
		expect((error as HistoryFileError).message).toMatch(/^Line 3: is longer than 1 MB \(Max Line Size\)/);
		expect(read).toBeLessThan(3 * 1024 * 1024);
	});

	it('counts bytes, not characters: 400,000 Chinese characters are 1.2 MB', async () => {
		const line = '市'.repeat(400_000);
		await expect(collect(textLines(Readable.from([Buffer.from(`ok\n${line}\nok\n`)])))).rejects.toThrow(/^Line 2: is longer than 1 MB/);
		expect(await collect(textLines(Readable.from([Buffer.from(`ok\n${line}\n`)]), 2 * 1024 * 1024))).toEqual(['ok', line]);
	});

	it('a file held whole in one buffer is read in pieces, a line cut between pieces kept whole', async () => {
		const lines = Array.from({ length: 30_000 }, (_, k) => `{"id":${k},"市场":"${'x'.repeat(k % 97)}"}`);
		expect(await collect(textLines(Readable.from([Buffer.from(lines.join('\r\n'))])))).toEqual(lines);
	});

	it('a CSV quoted field never closed stops at the cap, naming the line it opened on', async () => {
		const csv = `id,createdAt,event\n1,t,"{""a"":1}"\n2,t,"open\n${'x,\n'.repeat(5000)}`;
		const rows = fileRows(textLines(Readable.from([csv]), 4096), 'csv', 4096);
		await expect(collect(rows)).rejects.toThrow(/^Line 3: starts a quoted field that is still open after 4,096 bytes/);
	});
});

describe('backtestFiles', () => {
	const fields = defaultLogFields();
	const live = compileModel(PLAYBOOK_MODEL);
	const candidate = compileModel(higherBarModel());
	const options = (extra: Partial<StreamOptions> = {}): StreamOptions => ({
		fields,
		zone: 'UTC',
		live,
		candidate,
		now: NOW,
		leadsListed: 1000,
		onProblem: (p) => {
			throw new Error(`${p.line} ${p.field} ${p.message}`);
		},
		...extra,
	});
	const source = (lines: string[], item = 0, format: 'jsonl' | 'csv' = 'jsonl'): HistorySource => ({
		item,
		format,
		// Cut into chunks of 4 KB, so lines are cut between chunks.
		open: () => Readable.from(chunked(Buffer.from(lines.join('\n') + '\n'), 4096)),
	});

	/** Leads with 1–30 events (some without an ID, some with event attributes), and the same leads added one by one. */
	function history(seed: number) {
		const rand = prng(seed);
		const bt = new Backtest(live, candidate, NOW, 1000);
		const rows: Array<{ id: number; lead: number; line: string }> = [];
		let id = 0;
		for (let l = 0; l < 150; l++) {
			const attributes = attributesFor(rand);
			const events = eventsFor(rand, l, 0, 1 + Math.floor(rand() * 30)).map((e) => ({
				...e,
				time: NOW - Math.floor(rand() * 200 * 86_400_000),
			}));
			// Some events carry no ID: the backtest derives one from the content, in any order.
			const noId = (k: number) => k % 7 === 3;
			bt.add({ leadId: `L${l}`, events: events.map((e, k) => (noId(k) ? { ...e, id: undefined } : e)), attributes });
			events.forEach((e, k) => {
				const event = {
					...e.data,
					leadId: `L${l}`,
					...(noId(k) ? {} : { id: e.id }),
					time: new Date(e.time).toISOString(),
					...(k === 0 ? { lead: attributes } : {}),
				};
				if (e.attributes) Object.assign(event, { attributes: e.attributes });
				id++;
				rows.push({ id, lead: l, line: JSON.stringify({ id, createdAt: new Date(NOW).toISOString(), event: JSON.stringify(event) }) });
			});
		}
		return { rows, expected: bt.report() };
	}

	it.each([1, 42, 2026])(
		'a grouped file is scored as it streams: the report of the same leads added one by one (seed %i)',
		async (seed) => {
			const { rows, expected } = history(seed);
			const streamed = await backtestFiles([source(rows.map((r) => r.line))], options());
			expect(streamed.report).toEqual(expected);
			expect(streamed).toMatchObject({ grouped: true, lines: rows.length });
			expect(streamed.heldRows).toBeLessThanOrEqual(30);
		},
	);

	it.each([1, 42, 2026, 7, 99])('any order of the rows gives the same report as the grouped file (shuffle seed %i)', async (seed) => {
		const { rows, expected } = history(seed);
		const rand = prng(seed * 31 + 5);
		const shuffled = [...rows];
		for (let k = shuffled.length - 1; k > 0; k--) {
			const j = Math.floor(rand() * (k + 1));
			[shuffled[k], shuffled[j]] = [shuffled[j], shuffled[k]];
		}
		const streamed = await backtestFiles([source(shuffled.map((r) => r.line))], options());
		expect(streamed.report).toEqual(expected);
		expect(streamed).toMatchObject({ grouped: false, heldRows: rows.length, lines: rows.length });
	});

	it("rows in row-ID order (n8n's export: leads interleaved) and a lead's rows out of order give the grouped report", async () => {
		const { rows, expected } = history(5);
		// Round robin over the leads, each lead's rows newest first.
		const byLead = new Map<number, typeof rows>();
		for (const r of rows) byLead.set(r.lead, [r, ...(byLead.get(r.lead) ?? [])]);
		const interleaved: typeof rows = [];
		for (let k = 0; interleaved.length < rows.length; k++) for (const list of byLead.values()) if (list[k]) interleaved.push(list[k]);
		const streamed = await backtestFiles([source(interleaved.map((r) => r.line))], options());
		expect(streamed.report).toEqual(expected);
	});

	it('several files are one history: split anywhere, in any order, the report of the whole', async () => {
		const { rows, expected } = history(11);
		const lines = rows.map((r) => r.line);
		// Cut inside leads: a lead's rows sit in two files.
		const cuts = [0, 701, 1402, lines.length];
		const files = [2, 0, 1].map((k) => source(lines.slice(cuts[k], cuts[k + 1]), k));
		const streamed = await backtestFiles(files, options());
		expect(streamed.report).toEqual(expected);
		expect(streamed.lines).toBe(lines.length);
	});

	it('bad rows are listed once with their file and line, even when the files are read a second time', async () => {
		const { rows } = history(3);
		const lines = rows.map((r) => r.line);
		lines[4] = '{not json';
		lines[9] = JSON.stringify({ id: 10, createdAt: 'yesterday', event: '{}' });
		// Lead 0 again at the end of the second file: the files are read again.
		const second = [lines[lines.length - 1], '', lines[1]];
		const seen: string[] = [];
		const streamed = await backtestFiles(
			[source(lines.slice(0, -1), 0), source(second, 1)],
			options({ onProblem: (p) => void seen.push(`${p.item}:${p.line}`) }),
		);
		expect(streamed.grouped).toBe(false);
		expect(streamed.problems.map((p) => [p.item, p.line, p.field])).toEqual([
			[0, 5, 'line'],
			[0, 10, 'createdAt'],
		]);
		expect(streamed.problems[0].message).toMatch(/^is not JSON/);
		// Two bad rows left out; the row in both files is read twice (and scored once: its event ID repeats).
		expect(streamed.report.events).toBe(rows.length - 2 + 1);
		// The first read stopped at the lead met again, before any bad row was reported twice.
		expect(seen.slice(-2)).toEqual(['0:5', '0:10']);
	});

	it('a line over the cap names the file it is in', async () => {
		const { rows } = history(4);
		const files = [
			source(
				rows.slice(0, 10).map((r) => r.line),
				0,
			),
			source([rows[10].line, 'x'.repeat(5000)], 3),
		];
		const error = await backtestFiles(files, options({ maxLineBytes: 4096 })).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(HistoryFileError);
		expect(error).toMatchObject({ item: 3, line: 2 });
	});

	it('CSV: quoted line breaks inside the event, rows interleaved, the same report', async () => {
		const { rows, expected } = history(8);
		const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
		const csvLine = (r: (typeof rows)[number]) => {
			const row = JSON.parse(r.line) as { id: number; createdAt: string; event: string };
			// Pretty-printed event JSON: line breaks inside a quoted field.
			const event = JSON.stringify(JSON.parse(row.event), null, 1);
			return `${row.id},${row.createdAt},${cell(event)}`;
		};
		const interleaved = [...rows].sort((a, b) => (a.id % 13) - (b.id % 13) || a.id - b.id);
		const csv = source(['id,createdAt,event', ...interleaved.map(csvLine)], 0, 'csv');
		const streamed = await backtestFiles([csv], options());
		expect(streamed.report).toEqual(expected);
		expect(streamed.grouped).toBe(false);
	});
});

function* chunked(data: Buffer, size: number): Generator<Buffer> {
	for (let k = 0; k < data.length; k += size) yield data.subarray(k, k + size);
}
