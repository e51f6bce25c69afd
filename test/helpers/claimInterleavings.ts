/**
 * The two-update claim of templates 01 and 08, played by two copies of one key in every
 * interleaving of their steps (insert, stop later copies, read and decide, confirm), once with the
 * lower ID committed first and once with it committed second (PostgreSQL takes an ID at insert and
 * shows the row at commit). Returns each interleaving with how many copies confirmed their claim.
 */
export interface ClaimRow {
	id: number;
	status: string;
}

export interface Interleaving {
	ids: number[];
	order: Array<0 | 1>;
	winners: number;
}

const STEPS = ['insert', 'stop', 'read', 'confirm'] as const;

function orders(a: number, b: number, acc: Array<0 | 1> = []): Array<Array<0 | 1>> {
	if (!a && !b) return [acc];
	return [...(a ? orders(a - 1, b, [...acc, 0]) : []), ...(b ? orders(a, b - 1, [...acc, 1]) : [])];
}

export function claimInterleavings(
	statuses: { pending: string; stopped: string },
	goesOn: (ownId: number, table: ClaimRow[]) => boolean,
): Interleaving[] {
	const runs: Interleaving[] = [];
	for (const ids of [
		[3, 9],
		[9, 3],
	])
		for (const order of orders(STEPS.length, STEPS.length)) {
			const table: ClaimRow[] = [];
			const pos = [0, 0];
			const go = [true, true];
			let winners = 0;
			for (const who of order) {
				const step = STEPS[pos[who]++];
				const own = ids[who];
				if (step === 'insert') table.push({ id: own, status: statuses.pending });
				if (step === 'stop') for (const r of table) if (r.id > own && r.status === statuses.pending) r.status = statuses.stopped;
				if (step === 'read') go[who] = goesOn(own, table);
				if (step === 'confirm' && go[who]) {
					const r = table.find((x) => x.id === own)!;
					if (r.status === statuses.pending) {
						r.status = 'claimed';
						winners++;
					}
				}
			}
			runs.push({ ids, order, winners });
		}
	return runs;
}
