/**
 * Three projects: fast unit tests; end-to-end tests in a real n8n (one process, SQLite; the n8n
 * version comes from N8N_VERSION, see scripts/ensure-n8n.sh); and the queue-mode suite (Redis,
 * PostgreSQL, main + 2 workers + webhook processor), which starts its own n8n processes.
 * `npm test` runs unit, e2e (on the oldest supported n8n) and the queue-mode suite;
 * `npm run test:e2e:newest` runs e2e on the newest, `npm run test:queue` the queue-mode suite alone.
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
			// The browser test of the editor runs on its own (npm run test:editor): it is not yet reliable
			// enough for every CI run.
			testPathIgnorePatterns: process.env.WECOM_GROWTH_EDITOR_TEST ? [] : ['/editor\\.e2e\\.test\\.ts$'],
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
