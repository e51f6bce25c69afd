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
	/** Each ID's hash, taken as the event is pushed (its text is then fresh in the CPU cache). */
	idHash = new Int32Array(64);
	data: Attributes[] = [];
	attrs: Array<Attributes | undefined> = [];
	/** After `prepare`: events in scoring order (time, then ID), repeated IDs left out. */
	order = new Int32Array(64);
	count = 0;
	/** After `prepare`: the lead's attributes after all its events (what fit and the gate read). */
	attributes: Attributes = {};
	/** Open-addressing table of event indexes + 1 (0: empty), for repeated IDs; kept between leads. */
	private slots = new Int32Array(64);

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
		const eventId = id ?? derivedEventId(type, data);
		this.ids[i] = eventId;
		this.idHash[i] = hashOf(eventId);
		this.data[i] = data;
		this.attrs[i] = attributes;
		this.length = i + 1;
	}

	/** Orders the events (already sorted histories are not sorted again), drops repeated IDs, merges attributes. */
	prepare(): this {
		const n = this.length;
		const { order, time, ids, idHash } = this;
		let sorted = true;
		for (let i = 0; i < n; i++) {
			order[i] = i;
			if (i > 0 && (time[i - 1] > time[i] || (time[i - 1] === time[i] && ids[i - 1] > ids[i]))) sorted = false;
		}
		if (!sorted) {
			if (n <= 64) {
				// A lead's history is short: insertion sort in place (stable, as Array#sort is), no allocation.
				// `before` inlined: the time compared as a number first, the ID only on a tie.
				for (let k = 1; k < n; k++) {
					const i = order[k];
					const ti = time[i];
					let j = k - 1;
					for (; j >= 0; j--) {
						const o = order[j];
						const to = time[o];
						if (ti < to || (ti === to && ids[i] < ids[o])) order[j + 1] = o;
						else break;
					}
					order[j + 1] = i;
				}
			} else {
				const before = (a: number, b: number) => time[a] < time[b] || (time[a] === time[b] && ids[a] < ids[b]);
				const sub = Array.from(order.subarray(0, n)).sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
				order.set(sub);
			}
		}
		const slots = this.slotsFor(n);
		const mask = slots.length - 1;
		// Attributes are copied only when an event adds some (the lead's own are read, never written).
		let attributes: Attributes | undefined;
		let count = 0;
		for (let k = 0; k < n; k++) {
			const i = order[k];
			// The first occurrence of an ID (in scoring order) is kept: open addressing on the ID's hash.
			// IDs are compared only when their hashes are equal: unique IDs are told apart without reading them.
			const hash = idHash[i];
			let h = hash & mask;
			let repeated = false;
			for (let s = slots[h]; s !== 0; s = slots[(h = (h + 1) & mask)])
				if (idHash[s - 1] === hash && ids[s - 1] === ids[i]) {
					repeated = true;
					break;
				}
			if (repeated) continue;
			slots[h] = i + 1;
			order[count++] = i;
			const a = this.attrs[i];
			if (a) attributes = Object.assign(attributes ?? { ...this.leadAttributes }, a);
		}
		this.count = count;
		this.attributes = attributes ?? this.leadAttributes ?? {};
		return this;
	}

	/** The ID table, cleared, with at least twice as many slots as events (so probes stay short). */
	private slotsFor(n: number): Int32Array {
		if (this.slots.length < 2 * n) {
			let size = this.slots.length;
			while (size < 2 * n) size *= 2;
			this.slots = new Int32Array(size);
		} else this.slots.fill(0);
		return this.slots;
	}

	private grow(): void {
		const size = this.type.length * 2;
		const type = new Int32Array(size);
		type.set(this.type);
		const time = new Float64Array(size);
		time.set(this.time);
		const idHash = new Int32Array(size);
		idHash.set(this.idHash);
		this.type = type;
		this.time = time;
		this.idHash = idHash;
		this.order = new Int32Array(size);
	}
}

/**
 * FNV-1a over the ID's length and its last 6 UTF-16 code units: cheap, and the IDs of one lead
 * differ at their ends (counters, hashes, timestamps). Equal hashes are compared in full, so a
 * weak hash only costs probes.
 */
function hashOf(id: string): number {
	const n = id.length;
	let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
	for (let k = n > 6 ? n - 6 : 0; k < n; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
	return h | 0;
}
