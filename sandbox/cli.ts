#!/usr/bin/env node
import { startSandbox } from './server';
import { SANDBOX_CORP, SANDBOX_ROBOT_KEYS } from './wecom/data';

/** `npm run sandbox` (or `node dist/sandbox/cli.js --port 8787`): the emulators on their own. */
async function main() {
	const i = process.argv.indexOf('--port');
	const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.SANDBOX_PORT ?? 8787);
	const sb = await startSandbox({ port, verbose: true });
	console.log(`WeCom growth sandbox listening on ${sb.url}`);
	console.log(`  WeCom base URL: ${sb.url}   corp ID: ${SANDBOX_CORP.corpId}   agent ID: ${SANDBOX_CORP.agentId}`);
	console.log(`  robot webhook:  ${sb.url}/cgi-bin/webhook/send?key=${SANDBOX_ROBOT_KEYS[0]}`);
	console.log(`  inspect:        ${sb.url}/_sandbox/requests`);
	const stop = () => sb.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
void main();
