/**
 * Dashboard benchmark: the time and memory to read, count and draw the community dashboard from
 * N stored lead events (plus one profile per lead and 500 groups), as the Render Dashboard
 * operation does with the rows the template merges. Run after the build: node dist/benchmarks/dashboard.js
 */
import { performance } from 'perf_hooks';
import { buildDashboard, periodOf } from '../lib/dashboard/metrics';
import { renderDashboardPage } from '../lib/dashboard/page';
import { sortRows } from '../lib/dashboard/rows';

const ZONE = 'Asia/Shanghai';
const GROUPS = 500;
const STATES = 40;
const SDRS = 25;
const DAY = 86_400_000;
const END = Date.parse('2026-11-30T12:00:00+08:00');
const TYPES = ['link_clicked', 'link_clicked', 'content_downloaded', 'groupMemberJoined', 'groupMemberLeft', 'webinar_attended'];
const STAGES = ['firstContact', 'activated', 'engaged', 'mql', 'sql', 'sal', 'customer', 'recycled'];

function rows(events: number): Record<string, unknown>[] {
	const perLead = 10;
	const leads = Math.ceil(events / perLead);
	const out: Record<string, unknown>[] = [];
	for (let l = 0; l < leads; l++) {
		const lead = `wm${l}`;
		const chat = `wrG${l % GROUPS}`;
		const state = `state_${l % STATES}`;
		const first = END - ((l * 7919) % 365) * DAY;
		for (let e = 0; e < perLead && out.length < events + l; e++) {
			const type = e === 0 ? 'groupMemberJoined' : e === perLead - 1 && l % 20 === 0 ? 'deal_won' : TYPES[(l + e) % TYPES.length];
			out.push({
				id: out.length + 1,
				lead_id: lead,
				event_id: `${lead}-${e}`,
				type,
				event: JSON.stringify({
					leadId: lead,
					type,
					id: `${lead}-${e}`,
					time: new Date(first + e * 3_600_000).toISOString(),
					chatId: chat,
					state,
					lead: { groupId: chat, groupName: `群 ${l % GROUPS}`, state, sdrUserId: `sdr${l % SDRS}` },
					...(type === 'deal_won' ? { attributes: { amount: 10_000 + (l % 7) * 1000 } } : {}),
				}),
			});
		}
		out.push({
			id: out.length + 1,
			lead_id: lead,
			stage: STAGES[l % STAGES.length],
			source_state: state,
			updated_at: new Date(first).toISOString(),
		});
	}
	for (let g = 0; g < GROUPS; g++)
		out.push({ chat_id: `wrG${g}`, name: `群 ${g}`, owner: `sdr${g % SDRS}`, owner_name: `SDR ${g % SDRS}`, member_count: 50 + (g % 400) });
	return out;
}

export async function main(): Promise<void> {
	console.log(
		'Render Dashboard (lib): read rows → count → draw the page; 10 events per lead, 500 groups, 365 days of history, period 28 days',
	);
	for (const n of [10_000, 100_000, 1_000_000]) {
		const input = rows(n);
		global.gc?.();
		const heap0 = process.memoryUsage().heapUsed;
		const t0 = performance.now();
		const sorted = sortRows(input);
		const t1 = performance.now();
		const data = buildDashboard({ ...sorted, ...periodOf('2026-11-30', 28, ZONE, END), timeZone: ZONE });
		const t2 = performance.now();
		const html = renderDashboardPage(data, { title: 'Dashboard', language: 'zh', topN: 10, generatedAt: '', currency: '¥' });
		const t3 = performance.now();
		const heap = (process.memoryUsage().heapUsed - heap0) / 1e6;
		console.log(
			`  ${n.toLocaleString('en-US').padStart(9)} events: read ${(t1 - t0).toFixed(0).padStart(5)} ms · count ${(t2 - t1).toFixed(0).padStart(5)} ms · draw ${(t3 - t2).toFixed(0).padStart(4)} ms` +
				` | ${data.totals.leads} leads in the period, page ${(html.length / 1024).toFixed(0)} KB, heap +${heap.toFixed(0)} MB`,
		);
	}
}

if (require.main === module) void main();
