import { readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** One file per run (globalSetup passes its name on to the test processes): parallel runs do not mix. */
export const E2E_STATE_FILE = process.env.WECOM_GROWTH_E2E_STATE ?? join(tmpdir(), `wecom-growth-e2e-state-${process.pid}.json`);

export interface E2EState {
	/** Where production webhooks are called (the webhook processor in queue mode). */
	n8nUrl: string;
	/** n8n's REST API when it is not at n8nUrl (the main process in queue mode). */
	apiUrl?: string;
	sandboxUrl: string;
	userFolder: string;
	/** The sandbox SMTP receiver's port (the templates' emails). */
	smtpPort?: number;
	/** The owner's session cookie from start-up: test files reuse it instead of logging in again. */
	session?: string;
	/** The folder n8n's file nodes may read (N8N_RESTRICT_FILE_ACCESS_TO), when the set-up has one. */
	filesDir?: string;
}

export function writeState(s: E2EState): void {
	writeFileSync(E2E_STATE_FILE, JSON.stringify(s));
}

export function readState(): E2EState {
	return JSON.parse(readFileSync(E2E_STATE_FILE, 'utf8')) as E2EState;
}
