/**
 * Charts as inline SVG strings: no script, no dependency, readable without colour (every bar and
 * point has its number printed beside it) and by screen readers (role="img", a <title> and a
 * <desc> naming the figures). All text from outside is escaped.
 */

export const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a double-quoted attribute. */
export function esc(value: unknown): string {
	return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** 12345.6 → "12,345.6"; whole numbers without decimals. */
export function formatNumber(n: number): string {
	if (!Number.isFinite(n)) return '–';
	const rounded = Math.round(n * 10) / 10;
	return rounded.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** Shortens a label to `max` characters (CJK count as two), with an ellipsis. */
export function clip(label: string, max: number): string {
	let width = 0;
	let out = '';
	for (const ch of label) {
		width += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
		if (width > max) return `${out}…`;
		out += ch;
	}
	return out;
}

export interface Series {
	name: string;
	values: number[];
	color?: string;
}

export interface BarChartSpec {
	/** Unique within the page: ids of the title and description derive from it. */
	id: string;
	title: string;
	categories: string[];
	series: Series[];
	width?: number;
	format?: (n: number) => string;
	/** Shown instead of an empty chart. */
	emptyText?: string;
}

const LABEL_CHARS = 22;
const ROW = 18;

function frame(id: string, title: string, desc: string, width: number, height: number, body: string): string {
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${esc(id)}" role="img" aria-labelledby="${esc(id)}-title ${esc(id)}-desc" ` +
		`width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, 'Noto Sans CJK SC', sans-serif" font-size="12">` +
		`<title id="${esc(id)}-title">${esc(title)}</title><desc id="${esc(id)}-desc">${esc(desc)}</desc>${body}</svg>`
	);
}

function legend(series: Series[], x: number, y: number): string {
	let dx = x;
	return series
		.map((s, i) => {
			const color = s.color ?? PALETTE[i % PALETTE.length];
			const item = `<g class="legend-item"><rect x="${dx}" y="${y - 9}" width="10" height="10" fill="${color}"/><text x="${dx + 14}" y="${y}">${esc(s.name)}</text></g>`;
			dx += 24 + clip(s.name, 30).length * 7;
			return item;
		})
		.join('');
}

function describe(categories: string[], series: Series[], format: (n: number) => string): string {
	return categories.map((c, i) => `${c}: ${series.map((s) => `${s.name} ${format(s.values[i] ?? 0)}`).join(', ')}`).join('; ');
}

function empty(id: string, title: string, text: string, width: number): string {
	return frame(id, title, text, width, 48, `<text x="0" y="30" fill="#6b7280">${esc(text)}</text>`);
}

/**
 * Horizontal bars, one row per category and one bar per series in it, each with its value
 * printed after it. Bars share one scale (the largest value).
 */
export function barChart(spec: BarChartSpec): string {
	const width = spec.width ?? 640;
	const format = spec.format ?? formatNumber;
	const { categories, series } = spec;
	if (!categories.length) return empty(spec.id, spec.title, spec.emptyText ?? 'No data yet', width);
	const labelWidth = LABEL_CHARS * 7 + 8;
	const valueWidth = 70;
	const plot = width - labelWidth - valueWidth;
	const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => (Number.isFinite(v) ? v : 0))));
	const top = series.length > 1 ? 24 : 6;
	const band = series.length * ROW + 10;
	const height = top + categories.length * band;
	const parts: string[] = [];
	if (series.length > 1) parts.push(legend(series, 0, 14));
	categories.forEach((c, ci) => {
		const y0 = top + ci * band;
		const full = esc(c);
		parts.push(
			`<text class="label" x="${labelWidth - 8}" y="${y0 + (series.length * ROW) / 2 + 4}" text-anchor="end"><title>${full}</title>${esc(clip(c, LABEL_CHARS))}</text>`,
		);
		series.forEach((s, si) => {
			const v = Number.isFinite(s.values[ci]) ? s.values[ci] : 0;
			const w = max > 0 ? Math.max(v > 0 ? 1 : 0, (v / max) * plot) : 0;
			const y = y0 + si * ROW;
			const color = s.color ?? PALETTE[si % PALETTE.length];
			parts.push(
				`<g class="bar" data-category="${full}" data-series="${esc(s.name)}" data-value="${v}">` +
					`<rect x="${labelWidth}" y="${y + 2}" width="${round(w)}" height="${ROW - 4}" fill="${color}"><title>${full} · ${esc(s.name)}: ${esc(format(v))}</title></rect>` +
					`<text class="value" x="${round(labelWidth + w + 4)}" y="${y + ROW - 5}">${esc(format(v))}</text></g>`,
			);
		});
	});
	return frame(spec.id, spec.title, describe(categories, series, format), width, height, parts.join(''));
}

export interface FunnelStep {
	label: string;
	value: number;
}

/**
 * A funnel: one centred bar per step, its width proportional to the first step, with the count
 * and the conversion from the step before.
 */
export function funnelChart(spec: { id: string; title: string; steps: FunnelStep[]; width?: number }): string {
	const width = spec.width ?? 640;
	const { steps } = spec;
	const first = steps[0]?.value ?? 0;
	const rowH = 34;
	const labelWidth = 130;
	const plot = width - labelWidth - 150;
	const parts = steps.map((s, i) => {
		const w = first > 0 ? Math.max(s.value > 0 ? 2 : 0, (s.value / first) * plot) : 0;
		const x = labelWidth + (plot - w) / 2;
		const y = i * rowH + 4;
		const prev = i > 0 ? steps[i - 1].value : undefined;
		const rate = prev === undefined ? '' : prev > 0 ? ` (${Math.round((s.value / prev) * 1000) / 10}%)` : ' (–)';
		return (
			`<g class="step" data-step="${esc(s.label)}" data-value="${s.value}">` +
			`<text class="label" x="${labelWidth - 8}" y="${y + rowH / 2 + 1}" text-anchor="end">${esc(s.label)}</text>` +
			`<rect x="${round(x)}" y="${y}" width="${round(w)}" height="${rowH - 8}" rx="3" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(s.label)}: ${esc(formatNumber(s.value))}${esc(rate)}</title></rect>` +
			`<text class="value" x="${labelWidth + plot + 8}" y="${y + rowH / 2 + 1}">${esc(formatNumber(s.value))}${esc(rate)}</text></g>`
		);
	});
	const desc = steps.map((s) => `${s.label} ${formatNumber(s.value)}`).join(', ');
	return frame(spec.id, spec.title, desc, width, steps.length * rowH + 8, parts.join(''));
}

/**
 * Lines over time: one per series, a point per period with its value printed above it, the
 * periods on the x axis and a zero-based y scale.
 */
export function timeSeriesChart(spec: {
	id: string;
	title: string;
	periods: string[];
	series: Series[];
	width?: number;
	emptyText?: string;
}): string {
	const width = spec.width ?? 640;
	const { periods, series } = spec;
	if (!periods.length) return empty(spec.id, spec.title, spec.emptyText ?? 'No data yet', width);
	const height = 260;
	const left = 40;
	const right = 40; // room for the last period's label, centred on its point
	const top = 34;
	const bottom = 40;
	const plotW = width - left - right;
	const plotH = height - top - bottom;
	const max = Math.max(1, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
	const step = periods.length > 1 ? plotW / (periods.length - 1) : 0;
	const xOf = (i: number) => round(left + (periods.length > 1 ? i * step : plotW / 2));
	const yOf = (v: number) => round(top + plotH - (v / max) * plotH);
	const parts: string[] = [legend(series, left, 14)];
	for (const t of ticks(max)) {
		parts.push(
			`<line x1="${left}" x2="${width - right}" y1="${yOf(t)}" y2="${yOf(t)}" stroke="#e5e7eb"/><text x="${left - 6}" y="${yOf(t) + 4}" text-anchor="end" fill="#6b7280">${esc(formatNumber(t))}</text>`,
		);
	}
	const every = Math.ceil(periods.length / 8);
	periods.forEach((p, i) => {
		if (i % every === 0 || i === periods.length - 1)
			parts.push(`<text class="period" x="${xOf(i)}" y="${height - bottom + 18}" text-anchor="middle" fill="#374151">${esc(p)}</text>`);
	});
	const printValues = periods.length <= 12;
	series.forEach((s, si) => {
		const color = s.color ?? PALETTE[si % PALETTE.length];
		const pts = periods.map((_, i) => `${xOf(i)},${yOf(s.values[i] ?? 0)}`).join(' ');
		parts.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="2"/>`);
		periods.forEach((p, i) => {
			const v = Number.isFinite(s.values[i]) ? s.values[i] : 0;
			parts.push(
				`<g class="point" data-series="${esc(s.name)}" data-period="${esc(p)}" data-value="${v}"><circle cx="${xOf(i)}" cy="${yOf(v)}" r="3" fill="${color}"><title>${esc(p)} · ${esc(s.name)}: ${esc(formatNumber(v))}</title></circle>` +
					(printValues
						? `<text class="value" x="${xOf(i)}" y="${yOf(v) - 6}" text-anchor="middle" fill="${color}">${esc(formatNumber(v))}</text>`
						: '') +
					'</g>',
			);
		});
	});
	return frame(spec.id, spec.title, describe(periods, series, formatNumber), width, height, parts.join(''));
}

/** Up to five round y-axis ticks from 0 to at least max. */
function ticks(max: number): number[] {
	const raw = max / 4;
	const mag = 10 ** Math.floor(Math.log10(raw));
	const unit = [1, 2, 5, 10].map((m) => m * mag).find((u) => u >= raw) ?? raw;
	const out: number[] = [];
	for (let t = 0; t <= max + unit / 2 && out.length < 6; t += Math.max(1, unit)) out.push(t);
	return out;
}

const round = (n: number) => Math.round(n * 10) / 10;
