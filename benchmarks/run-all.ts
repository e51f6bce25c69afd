/**
 * `npm run bench`: runs every benchmark in turn and prints its figures. Each benchmark is also
 * runnable alone: `node dist/benchmarks/<name>.js`.
 */
import { existsSync } from 'fs';
import { join } from 'path';

const BENCHMARKS = [
	'wecom',
	'robotDispatch',
	'leadScore',
	'leadScoreInN8n',
	'backtest',
	'backtestInN8n',
	'crmPush',
	'digest',
	'digestSplit',
	'dashboard',
	'robotLatency',
	'templatesInN8n',
	'trialSignupBurst',
];

async function main() {
	for (const name of BENCHMARKS) {
		const file = join(__dirname, `${name}.js`);
		if (!existsSync(file)) continue;
		console.log(`\n=== ${name} ===`);
		// eslint-disable-next-line @typescript-eslint/no-var-requires
		const mod = require(file) as { main: () => Promise<void> };
		await mod.main();
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		process.exit(1);
	},
);
