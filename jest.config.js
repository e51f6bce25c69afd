/**
 * Three projects: fast unit tests; end-to-end tests in a real n8n (one process, SQLite; the n8n
 * version comes from N8N_VERSION, see scripts/ensure-n8n.sh); and the queue-mode suite (Redis,
 * PostgreSQL, main + 2 workers + webhook processor), which starts its own n8n processes.
 * `npm test` runs unit, e2e and the queue-mode suite on the oldest supported n8n (2.8.4, Node 20),
 * then e2e again on the newest (2.41.1, Node 24: `npm run test:e2e:newest`);
 * `npm run test:queue` runs the queue-mode suite alone.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
module.exports = {
	// e2e tests start a real n8n; unit tests finish far below this.
	testTimeout: 300000,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/unit'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			testMatch: ['**/*.e2e.test.ts'],
			globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
			globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			displayName: 'queue',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/queue'],
			testMatch: ['**/*.queue.test.ts'],
			globalTeardown: '<rootDir>/test/queue/globalTeardown.ts',
			transform: { '^.+\\.ts$': tsJest },
		},
	],
};
