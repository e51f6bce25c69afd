/**
 * Stops what a queue-mode test cluster started (test/queue/cluster.ts), from the list it keeps in
 * its state file: the n8n process groups, Redis and PostgreSQL, then removes its folder. Only those
 * process IDs are touched, never processes found by name (other runs on the machine use n8n too).
 *
 *   node reaper.js <state.json> watch <ownerPid>   waits until the owner (the test run) is gone, then reaps
 *   node reaper.js <state.json> now                reaps at once (signal handlers, global teardown)
 *
 * Plain JavaScript on purpose: it runs detached, without ts-jest, and must outlive a killed test run.
 */
'use strict';
const { existsSync, readFileSync, rmSync } = require('fs');
const { join } = require('path');

const [stateFile, mode, ownerArg] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

function signal(pid, sig) {
	try {
		process.kill(pid, sig);
	} catch {
		// already gone
	}
}

function postmasterPid(pgData) {
	try {
		return Number(readFileSync(join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]) || 0;
	} catch {
		return 0;
	}
}

async function reap() {
	if (!existsSync(stateFile)) return;
	let state;
	try {
		state = JSON.parse(readFileSync(stateFile, 'utf8'));
	} catch {
		return;
	}
	const groups = state.groups || [];
	// n8n processes lead their own process groups (their task runners are in them).
	for (const g of groups) signal(-g, 'SIGTERM');
	for (let i = 0; i < 40 && groups.some((g) => alive(g)); i++) await sleep(250);
	for (const g of groups) signal(-g, 'SIGKILL');
	const pg = state.pgData ? postmasterPid(state.pgData) : 0;
	if (pg) signal(pg, 'SIGQUIT'); // PostgreSQL's immediate shutdown
	if (state.redisPid) signal(-state.redisPid, 'SIGKILL');
	for (let i = 0; i < 40 && pg && alive(pg); i++) await sleep(250);
	if (pg) signal(pg, 'SIGKILL');
	if (state.root && state.root.includes('wecom-growth-queue-')) rmSync(state.root, { recursive: true, force: true });
}

async function main() {
	if (mode === 'now') return reap();
	const owner = Number(ownerArg);
	process.on('SIGTERM', () => process.exit(0)); // the run stopped its cluster itself
	while (alive(owner)) await sleep(1000);
	await reap();
}

main().then(
	() => process.exit(0),
	() => process.exit(1),
);
