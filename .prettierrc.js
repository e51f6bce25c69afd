/** The house style: tabs, single quotes, trailing commas, long lines allowed up to 140. */
module.exports = {
	useTabs: true,
	tabWidth: 2,
	singleQuote: true,
	semi: true,
	trailingComma: 'all',
	arrowParens: 'always',
	bracketSpacing: true,
	printWidth: 140,
	endOfLine: 'lf',
	overrides: [{ files: ['*.json', '*.yml', '*.yaml', '*.md'], options: { useTabs: false } }],
};
