import type { Fault, RecordedRequest } from './types';

/** Shared sandbox state: a shiftable clock, injected faults and the request log. */
export class SandboxState {
	clockOffsetMs = 0;
	readonly requests: RecordedRequest[] = [];
	private faults: Array<Fault & { remaining: number }> = [];
	private seq = 0;

	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	record(r: Omit<RecordedRequest, 'seq'>): RecordedRequest {
		const rec = { ...r, seq: ++this.seq };
		this.requests.push(rec);
		// Bounded so that long local runs do not grow without end.
		if (this.requests.length > 50000) this.requests.splice(0, this.requests.length - 50000);
		return rec;
	}

	addFault(f: Fault): void {
		this.faults.push({ ...f, remaining: f.times ?? 1 });
	}

	/** Takes the first matching fault, consuming one use of it. */
	takeFault(method: string, path: string): Fault | undefined {
		const i = this.faults.findIndex(
			(f) => (!f.pathPrefix || path.startsWith(f.pathPrefix)) && (!f.method || f.method.toUpperCase() === method),
		);
		if (i < 0) return undefined;
		const f = this.faults[i];
		if (--f.remaining <= 0) this.faults.splice(i, 1);
		return f;
	}

	clearFaults(): void {
		this.faults = [];
	}

	resetLog(): void {
		this.requests.length = 0;
	}
}
