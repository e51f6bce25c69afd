import { derivedEventId } from './eventId';

/**
 * One lead's stored history in columns (type code, time, ID, data, attributes), reused from lead
 * to lead so that scoring a history allocates nothing per event. Event types are interned once
 * (`TypeCodes`), so scorers look rules up by an integer instead of a string per event.
 */
export class TypeCodes {
	private readonly codes = new Map<string, number>();
	readonly names: string[] = [];

	code(type: string): number {
		let c = this.codes.get(type);
		if (c === undefined) {
			c = this.names.length;
			this.codes.set(type, c);
			this.names.push(type);
		}
		return c;
	}
}

type Attributes = Record<string, unknown>;

export class LeadHistory {
	leadId = '';
	/** Attributes known about the lead before its events (the log's lead fields). */
	leadAttributes: Attributes | undefined;
	length = 0;
	type = new Int32Array(64);
	time = new Float64Array(64);
	ids: string[] = [];
	data: Attributes[] = [];
	attrs: Array<Attributes | undefined> = [];
	/** After `prepare`: events in scoring order (time, then ID), repeated IDs left out. */
	order = new Int32Array(64);
	count = 0;
	/** After `prepare`: the lead's attributes after all its events (what fit and the gate read). */
	attributes: Attributes = {};
	private readonly seen = new Set<string>();

	constructor(readonly types: TypeCodes = new TypeCodes()) {}

	reset(leadId: string, leadAttributes?: Attributes): this {
		this.leadId = leadId;
		this.leadAttributes = leadAttributes;
		this.length = 0;
		return this;
	}

	push(type: string, time: number, id: string | undefined, data: Attributes, attributes?: Attributes): void {
		const i = this.length;
		if (i === this.type.length) this.grow();
		this.type[i] = this.types.code(type);
		this.time[i] = time;
		this.ids[i] = id ?? derivedEventId(type, data);
		this.data[i] = data;
		this.attrs[i] = attributes;
		this.length = i + 1;
	}

	/** Orders the events (already sorted histories are not sorted again), drops repeated IDs, merges attributes. */
	prepare(): this {
		const n = this.length;
		const { order, time, ids } = this;
		let sorted = true;
		for (let i = 0; i < n; i++) {
			order[i] = i;
			if (i > 0 && (time[i - 1] > time[i] || (time[i - 1] === time[i] && ids[i - 1] > ids[i]))) sorted = false;
		}
		if (!sorted) {
			const sub = Array.from(order.subarray(0, n)).sort((a, b) => time[a] - time[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
			order.set(sub);
		}
		const seen = this.seen;
		seen.clear();
		const attributes: Attributes = this.leadAttributes ? { ...this.leadAttributes } : {};
		let count = 0;
		for (let k = 0; k < n; k++) {
			const i = order[k];
			// One hash lookup: the set grows only for an ID not seen before.
			const size = seen.size;
			seen.add(ids[i]);
			if (seen.size === size) continue;
			order[count++] = i;
			const a = this.attrs[i];
			if (a) Object.assign(attributes, a);
		}
		this.count = count;
		this.attributes = attributes;
		return this;
	}

	private grow(): void {
		const size = this.type.length * 2;
		const type = new Int32Array(size);
		type.set(this.type);
		const time = new Float64Array(size);
		time.set(this.time);
		this.type = type;
		this.time = time;
		this.order = new Int32Array(size);
	}
}
