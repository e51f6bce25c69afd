import { Readable } from 'stream';
import { Backtest } from '../../../lib/scoring/backtest';
import { compileModel } from '../../../lib/scoring/compile';
import { DEFAULT_EVENT_FIELDS, fieldList } from '../../../lib/scoring/read';
import { backtestStream, csvFields, fileRows, textLines } from '../../../lib/scoring/historyStream';
import { PLAYBOOK_MODEL } from '../../../lib/scoring/playbook';
import { attributesFor, eventsFor, prng } from '../../../benchmarks/leadScore';
import { NOW } from './support';

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

describe('backtestStream', () => {
	const fields = {
		event: 'event',
		leadId: ['leadId'],
		attributes: 'lead',
		eventFields: {
			type: fieldList(DEFAULT_EVENT_FIELDS.type),
			id: fieldList(DEFAULT_EVENT_FIELDS.id),
			time: fieldList(DEFAULT_EVENT_FIELDS.time),
		},
	};
	const live = compileModel(PLAYBOOK_MODEL);
	const candidate = compileModel({
		...PLAYBOOK_MODEL,
		stages: PLAYBOOK_MODEL.stages.map((s) => (s.id === 'mql' || s.id === 'sql' ? { ...s, minEngagement: 35 } : s)),
	});

	it.each([1, 42, 2026])('a streamed file gives the report of the same leads added one by one (seed %i)', async (seed) => {
		const rand = prng(seed);
		const bt = new Backtest(live, candidate, NOW, 1000);
		const lines: string[] = [];
		let id = 0;
		for (let l = 0; l < 200; l++) {
			const attributes = attributesFor(rand);
			const events = eventsFor(rand, l, 0, 1 + Math.floor(rand() * 30)).map((e) => ({
				...e,
				time: NOW - Math.floor(rand() * 200 * 86_400_000),
			}));
			bt.add({ leadId: `L${l}`, events, attributes });
			events.forEach((e, k) => {
				const event = {
					...e.data,
					leadId: `L${l}`,
					id: e.id,
					time: new Date(e.time).toISOString(),
					...(k === 0 ? { lead: attributes } : {}),
				};
				if (e.attributes) Object.assign(event, { attributes: e.attributes });
				lines.push(JSON.stringify({ id: ++id, createdAt: new Date(NOW).toISOString(), event: JSON.stringify(event) }));
			});
		}
		const streamed = await backtestStream(
			textLines(Readable.from([lines.join('\n')])),
			'jsonl',
			fields,
			'UTC',
			live,
			candidate,
			NOW,
			1000,
			(p) => {
				throw new Error(`${p.line} ${p.field} ${p.message}`);
			},
		);
		expect(streamed.report).toEqual(bt.report());
		expect(streamed.lines).toBe(lines.length);
	});
});
