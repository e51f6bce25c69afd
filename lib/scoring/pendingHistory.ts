import type { Backtest } from './backtest';
import type { CompiledModel } from './compile';
import { derivedEventId } from './eventId';
import type { LogRow } from './eventLog';
import type { LeadHistory } from './historyBuffer';
import { pathGetter } from './path';

type Attributes = Record<string, unknown>;

/**
 * Event-log rows of many leads held until the end of a file whose leads are interleaved (an export
 * ordered by row ID), in columns: per row its lead (an index), row ID, time and type (numbers), its
 * event ID and, of its data, only the fields the models' rule conditions read. A parsed event is
 * about a kilobyte of objects; a held row is about a tenth of that. Lead fields and event
 * attributes (usually on a lead's first row only) are kept as they are.
 */
export class PendingHistories {
	private readonly leadIndex = new Map<string, number>();
	private readonly leadIds: string[] = [];
	private firstRow = new Float64Array(1024);
	private size = 0;
	private lead = new Int32Array(1024);
	private rowId = new Float64Array(1024);
	private time = new Float64Array(1024);
	private type = new Int32Array(1024);
	private readonly ids: string[] = [];
	private readonly data: Attributes[] = [];
	/** Rows with lead fields or event attributes: [lead fields, event attributes]. */
	private readonly extras = new Map<number, [Attributes | undefined, Attributes | undefined]>();
	private readonly getters: Array<[string, (o: unknown) => unknown]>;
	/** Repeated values (channels, URLs, titles) held once. */
	private readonly interned = new Map<string, string>();

	/** `fields`: what the rule conditions read (`conditionFields`); `h`: the backtest's history buffer, whose type codes are used. */
	constructor(
		fields: string[],
		private readonly h: LeadHistory,
	) {
		this.getters = fields.map((f) => [f, pathGetter(f)]);
	}

	/** Rows held so far. */
	get rows(): number {
		return this.size;
	}

	get leads(): number {
		return this.leadIds.length;
	}

	add(row: LogRow): void {
		const { event } = row;
		let l = this.leadIndex.get(row.leadId);
		if (l === undefined) {
			l = this.leadIds.length;
			this.leadIndex.set(row.leadId, l);
			this.leadIds.push(row.leadId);
			if (l === this.firstRow.length) this.firstRow = grown(this.firstRow);
			this.firstRow[l] = row.id;
		} else if (row.id < this.firstRow[l]) this.firstRow[l] = row.id;
		const i = this.size;
		if (i === this.lead.length) this.grow();
		this.lead[i] = l;
		this.rowId[i] = row.id;
		this.time[i] = event.time;
		this.type[i] = this.h.types.code(event.type);
		// The ID is worked out now, from the whole event (the projection below keeps only part of it).
		this.ids[i] = event.id ?? derivedEventId(event.type, event.data);
		this.data[i] = this.project(event.data);
		if (row.attributes || event.attributes) this.extras.set(i, [row.attributes, event.attributes]);
		this.size = i + 1;
	}

	/**
	 * Scores every lead held into `bt`: leads in the order of their first row ID (so any order of
	 * the same rows gives the same report), each lead's rows in row-ID order, as the event log
	 * replays them (lead fields merged in that order).
	 */
	scoreInto(bt: Backtest): void {
		const n = this.size;
		const leads = this.leadIds.length;
		// Counting sort of the rows by lead: each lead's rows side by side, in arrival order.
		const start = new Int32Array(leads + 1);
		for (let i = 0; i < n; i++) start[this.lead[i] + 1]++;
		for (let l = 0; l < leads; l++) start[l + 1] += start[l];
		const next = start.slice(0, leads);
		const byLead = new Int32Array(n);
		for (let i = 0; i < n; i++) byLead[next[this.lead[i]]++] = i;
		const first = this.firstRow;
		const leadOrder = Int32Array.from({ length: leads }, (_, l) => l).sort((a, b) => first[a] - first[b]);
		const { rowId, h } = this;
		const names = h.types.names;
		for (let k = 0; k < leads; k++) {
			const l = leadOrder[k];
			let own = byLead.subarray(start[l], start[l + 1]);
			let ascending = true;
			for (let j = 1; j < own.length; j++) if (rowId[own[j - 1]] > rowId[own[j]]) ascending = false;
			// A stable sort: rows with one ID (the same export read twice) keep their order.
			if (!ascending) own = Int32Array.from(own).sort((a, b) => rowId[a] - rowId[b] || a - b);
			let attributes: Attributes | undefined;
			for (let j = 0; j < own.length; j++) {
				const a = this.extras.get(own[j])?.[0];
				if (a) attributes = attributes ? Object.assign(attributes, a) : { ...a };
			}
			h.reset(this.leadIds[l], attributes);
			for (let j = 0; j < own.length; j++) {
				const i = own[j];
				h.push(names[this.type[i]], this.time[i], this.ids[i], this.data[i], this.extras.get(i)?.[1]);
			}
			bt.addHistory(h);
		}
	}

	/** The event's fields the conditions read, by their path (`getPath` reads a whole dotted key first, so the answer is the same). */
	private project(data: Attributes): Attributes {
		if (!this.getters.length) return NO_DATA;
		const out: Attributes = {};
		for (const [field, get] of this.getters) {
			let v = get(data);
			if (v === undefined) continue;
			if (typeof v === 'string' && v.length <= 256) {
				const held = this.interned.get(v);
				if (held !== undefined) v = held;
				else if (this.interned.size < 100_000) this.interned.set(v, v);
			}
			out[field] = v;
		}
		return out;
	}

	private grow(): void {
		this.lead = grown(this.lead);
		this.rowId = grown(this.rowId);
		this.time = grown(this.time);
		this.type = grown(this.type);
	}
}

const NO_DATA: Attributes = Object.freeze({}) as Attributes;

function grown<T extends Int32Array | Float64Array>(a: T): T {
	const b = new (a.constructor as new (n: number) => T)(a.length * 2);
	b.set(a);
	return b;
}

/** The event fields the engagement rules' conditions of these models read: all of an event's data a backtest needs. */
export function conditionFields(...models: CompiledModel[]): string[] {
	const fields = new Set<string>();
	for (const cm of models) for (const rule of cm.model.engagementRules) for (const c of rule.conditions ?? []) fields.add(c.field);
	return [...fields];
}
