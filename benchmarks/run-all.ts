/**
 * `npm run bench`: runs every benchmark in turn and prints its figures. Each benchmark is also
 * runnable alone: `node dist/benchmarks/<name>.js`.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import { goalsSummary } from './backtest';
import type { BacktestFigures } from './backtest';

const BENCHMARKS = [
	'wecom',
	'robotDispatch',
	'leadScore',
	'leadScoreInN8n',
	'backtest',
	'backtestInN8n',
	'backtestFileInN8n',
	'backtestFileOrder',
	'crmPush',
	'digest',
	'digestSplit',
	'dashboard',
	'robotLatency',
	'templatesInN8n',
	'trialSignupBurst',
];

async function main() {
	const figures: Record<string, unknown> = {};
	for (const name of BENCHMARKS) {
		const file = join(__dirname, `${name}.js`);
		if (!existsSync(file)) continue;
		console.log(`\n=== ${name} ===`);
		// eslint-disable-next-line @typescript-eslint/no-var-requires
		const mod = require(file) as { main: () => Promise<unknown> };
		if (name === 'backtestInN8n' || name === 'backtestFileInN8n') {
			// n8n may fail on a busy machine: the backtest goals are still printed, saying so.
			figures[name] = await mod.main().catch((e: unknown) => console.error(`${name} failed: ${String(e)}`));
		} else figures[name] = await mod.main();
	}
	if (figures.backtest) {
		console.log('\n=== backtest goals ===');
		for (const line of goalsSummary(
			figures.backtest as BacktestFigures,
			(figures.backtestInN8n ?? undefined) as Parameters<typeof goalsSummary>[1],
			(figures.backtestFileInN8n ?? undefined) as Parameters<typeof goalsSummary>[2],
		))
			console.log(line);
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		process.exit(1);
	},
);
