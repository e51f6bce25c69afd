import { checkLink } from '../links/validate';

/** Output formats: the three WeCom robot text types, and HTML for email. */
export const DIGEST_FORMATS = ['markdown', 'markdown_v2', 'text', 'html'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** What a renderer needs of an entry (possibly shortened). */
export interface EntryView {
	title: string;
	body?: string;
	link?: string;
	author?: string;
}

/** Renders the pieces a robot message is packed from; blocks are joined with `sep`. */
export interface BlockRenderer {
	header(title: string, numbering: string): string;
	heading(text: string): string;
	entry(n: number, v: EntryView): string;
	more(text: string, url: string | undefined, label: string): string;
	footer(text: string): string;
	sep: string;
}

/**
 * Entry text comes from outside (forms, members): it must not speak markdown. Mentions
 * (<@userid>), font tags, links, bold, code, tables and headings become plain look-alike
 * characters; a title or author stays on one line, so it cannot open a heading of its own.
 */
export function escapeMarkdown(text: string): string {
	// Bare links stay tappable when the shared link check accepts them; others lose their scheme.
	return text
		.split(BARE_URL)
		.map((part, i) =>
			i % 2
				? checkLink(part).ok
					? part
					: part.replace(/:\/\//, '：／／').replace(/[<>[\]*`|_~\\@]/g, (c) => FULLWIDTH[c] ?? '＠')
				: escapeText(part),
		)
		.join('')
		.replace(/^(\s*)([#>+=-])/gm, (_m, sp: string, c: string) => `${sp}${FULLWIDTH[c]}`)
		.replace(/^(\s*\d+)\./gm, '$1．');
}
const BARE_URL = /(https?:\/\/[^\s<>()[\]"'`*|]+)/i;
const escapeText = (s: string) => s.replace(/[<>[\]*`|_~\\]/g, (c) => FULLWIDTH[c]);
const FULLWIDTH: Record<string, string> = {
	'<': '＜',
	'>': '＞',
	'[': '［',
	']': '］',
	'*': '＊',
	'`': '｀',
	'|': '｜',
	_: '＿',
	'~': '～',
	'\\': '＼',
	'#': '＃',
	'+': '＋',
	'=': '＝',
	'-': '－',
};
const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
/** An entry as it may appear in a markdown message. */
const mdView = (v: EntryView): EntryView => ({
	title: escapeMarkdown(oneLine(v.title)),
	body: v.body === undefined ? undefined : escapeMarkdown(v.body),
	link: v.link,
	author: v.author === undefined ? undefined : escapeMarkdown(oneLine(v.author)),
});
/** Plain text has no markup, but a title still stays on one line. */
const textView = (v: EntryView): EntryView => ({
	...v,
	title: oneLine(v.title),
	author: v.author === undefined ? undefined : oneLine(v.author),
});

/** Brackets in a link label would end the label early. */
const label = (s: string) => s.replace(/\[/g, '［').replace(/\]/g, '］');
/** Spaces and parentheses would end a markdown link target early. */
const target = (url: string) => url.replace(/ /g, '%20').replace(/\(/g, '%28').replace(/\)/g, '%29');
const quoted = (body: string) =>
	body
		.split('\n')
		.filter((l) => l.trim())
		.map((l) => `> ${l}`)
		.join('\n');

/** WeCom markdown (v1): headings, bold, links, quotes and the three font colours. */
const markdown: BlockRenderer = {
	header: (title, numbering) => `**${title}${numbering}**`,
	heading: (text) => `### ${text}`,
	entry: (n, raw) => {
		const v = mdView(raw);
		return [
			`${n}. ${v.link ? `[${label(v.title)}](${target(v.link)})` : `**${v.title}**`}`,
			v.body ? quoted(v.body) : '',
			v.author ? `<font color="comment">— ${v.author}</font>` : '',
		]
			.filter(Boolean)
			.join('\n');
	},
	more: (text, url, l) => `<font color="comment">${text}</font>${url ? ` [${label(l)}](${target(url)})` : ''}`,
	footer: (text) => `<font color="comment">${text}</font>`,
	sep: '\n\n',
};

/** WeCom markdown_v2: standard markdown (lists, tables), no font colours. */
const markdownV2: BlockRenderer = {
	header: (title, numbering) => `**${title}${numbering}**`,
	heading: (text) => `### ${text}`,
	entry: (n, raw) => {
		const v = mdView(raw);
		return [
			`${n}. ${v.link ? `[${label(v.title)}](${target(v.link)})` : `**${v.title}**`}`,
			v.body ? quoted(v.body) : '',
			v.author ? `*— ${v.author}*` : '',
		]
			.filter(Boolean)
			.join('\n');
	},
	more: (text, url, l) => `*${text}*${url ? ` [${label(l)}](${target(url)})` : ''}`,
	footer: (text) => `*${text}*`,
	sep: '\n\n',
};

/** Plain text: links spelled out so WeCom makes them tappable. */
const text: BlockRenderer = {
	header: (title, numbering) => `${title}${numbering}`,
	heading: (t) => `【${t}】`,
	entry: (n, raw) => {
		const v = textView(raw);
		return [`${n}. ${v.title}`, v.body ?? '', v.link ?? '', v.author ? `— ${v.author}` : ''].filter(Boolean).join('\n');
	},
	more: (t, url, l) => (url ? `${t} ${l}: ${url}` : t),
	footer: (t) => t,
	sep: '\n\n',
};

export function blockRenderer(format: Exclude<DigestFormat, 'html'>): BlockRenderer {
	return format === 'markdown' ? markdown : format === 'markdown_v2' ? markdownV2 : text;
}

export interface HtmlSection {
	heading: string;
	entries: Array<{ n: number; view: EntryView }>;
	more?: { text: string; url?: string; label: string };
}

const esc = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** One self-contained HTML document for an email body (no byte limit, no splitting). */
export function renderHtml(title: string, sections: HtmlSection[], footer?: string): string {
	const parts = [`<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>`];
	parts.push("<body style=\"font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;max-width:640px\">");
	parts.push(`<h1 style="font-size:20px">${esc(title)}</h1>`);
	for (const s of sections) {
		parts.push(`<h2 style="font-size:16px;margin-top:20px">${esc(s.heading)}</h2>`);
		const start = s.entries[0]?.n ?? 1;
		parts.push(`<ol start="${start}">`);
		for (const { view } of s.entries) {
			const head = view.link ? `<a href="${esc(view.link)}">${esc(view.title)}</a>` : `<strong>${esc(view.title)}</strong>`;
			const body = view.body ? `<br><span>${esc(view.body).replace(/\n/g, '<br>')}</span>` : '';
			const author = view.author ? `<br><small style="color:#888">— ${esc(view.author)}</small>` : '';
			parts.push(`<li>${head}${body}${author}</li>`);
		}
		parts.push('</ol>');
		if (s.more)
			parts.push(
				`<p style="color:#888">${esc(s.more.text)}${s.more.url ? ` <a href="${esc(s.more.url)}">${esc(s.more.label)}</a>` : ''}</p>`,
			);
	}
	if (footer) parts.push(`<p style="color:#888">${esc(footer)}</p>`);
	parts.push('</body></html>');
	return parts.join('\n');
}
