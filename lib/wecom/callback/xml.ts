/**
 * WeCom's callback XML: a flat `<xml>` element of text fields (mostly CDATA), except
 * `MemChangeList`, which holds `<Item>` children (or, in the older form, one comma-separated text).
 *
 * A small strict reader for exactly that shape, in one linear pass: no DTD, no comments or
 * processing instructions (except a leading `<?xml ...?>` declaration), no attributes, only the
 * five predefined entities and numeric character references, at most three levels deep and
 * a bounded size. Anything else is refused as malformed before any work proportional to nesting.
 */
import { CallbackRejectedError } from './errors';

/** Field values as WeCom sent them (strings), `Item` lists as string arrays. */
export type XmlFields = Record<string, string | string[]>;

/** A decrypted WeCom event is a few hundred bytes; the cap leaves a wide margin. */
export const MAX_CALLBACK_XML_CHARS = 64 * 1024;
/** `<xml>` → field → `<Item>`. */
const MAX_DEPTH = 3;
const MAX_ELEMENTS = 2000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;

interface XmlNode {
	name: string;
	text: string;
	children: XmlNode[];
}

const malformed = (why: string) => new CallbackRejectedError('malformed_body', `The callback body is not WeCom's callback XML (${why}).`);

class Reader {
	pos = 0;
	elements = 0;
	constructor(private readonly s: string) {}

	skipSpace(): void {
		while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
	}

	startsWith(token: string): boolean {
		return this.s.startsWith(token, this.pos);
	}

	name(): string {
		NAME.lastIndex = this.pos;
		const m = NAME.exec(this.s);
		if (!m) throw malformed(`expected a tag name at ${this.pos}`);
		this.pos += m[0].length;
		return m[0];
	}

	/** Reads `<Name>...</Name>` (or `<Name/>`) starting at `<`. */
	element(depth: number): XmlNode {
		if (depth > MAX_DEPTH) throw malformed('nested too deeply');
		if (++this.elements > MAX_ELEMENTS) throw malformed('too many elements');
		this.pos++; // '<'
		const name = this.name();
		this.skipSpace();
		if (this.startsWith('/>')) {
			this.pos += 2;
			return { name, text: '', children: [] };
		}
		if (this.s[this.pos] !== '>') throw malformed(`unexpected attribute or character in <${name}>`);
		this.pos++;
		const node: XmlNode = { name, text: '', children: [] };
		let text = '';
		for (;;) {
			if (this.pos >= this.s.length) throw malformed(`<${name}> is not closed`);
			if (this.startsWith('</')) {
				this.pos += 2;
				const closing = this.name();
				this.skipSpace();
				if (closing !== name || this.s[this.pos] !== '>') throw malformed(`<${name}> is closed by </${closing}>`);
				this.pos++;
				node.text = node.children.length ? '' : text;
				return node;
			}
			if (this.startsWith('<![CDATA[')) {
				const end = this.s.indexOf(']]>', this.pos + 9);
				if (end < 0) throw malformed('unterminated CDATA');
				text += this.s.slice(this.pos + 9, end);
				this.pos = end + 3;
				continue;
			}
			if (this.startsWith('<!') || this.startsWith('<?'))
				throw malformed('declarations, comments and processing instructions are not allowed');
			if (this.s[this.pos] === '<') {
				node.children.push(this.element(depth + 1));
				continue;
			}
			const next = this.s.indexOf('<', this.pos);
			const raw = this.s.slice(this.pos, next < 0 ? this.s.length : next);
			this.pos += raw.length;
			text += decodeText(raw).trim();
		}
	}
}

function decodeText(raw: string): string {
	return raw.replace(/&([^;&<]{0,10});?/g, (whole, ref: string) => {
		if (!whole.endsWith(';')) throw malformed('a bare "&" in text');
		if (ENTITIES[ref] !== undefined) return ENTITIES[ref];
		const num = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(ref);
		const code = num ? parseInt(num[1] ?? num[2], num[1] ? 16 : 10) : NaN;
		if (!Number.isFinite(code) || code > 0x10ffff || code === 0 || (code >= 0xd800 && code <= 0xdfff))
			throw malformed(`the entity &${ref}; is not allowed`);
		return String.fromCodePoint(code);
	});
}

/** Reads the `<xml>` root of a document, within `maxChars`. */
function readRoot(xml: string, maxChars: number): XmlNode {
	const text = String(xml ?? '');
	if (text.length > maxChars) throw malformed(`larger than ${maxChars} characters`);
	const r = new Reader(text);
	if (r.startsWith('\uFEFF')) r.pos++;
	r.skipSpace();
	if (r.startsWith('<?xml')) {
		const end = text.indexOf('?>', r.pos);
		if (end < 0 || end - r.pos > 200 || /[<>]/.test(text.slice(r.pos + 5, end))) throw malformed('bad XML declaration');
		r.pos = end + 2;
		r.skipSpace();
	}
	if (!r.startsWith('<xml')) throw malformed('no <xml> root element');
	const root = r.element(1);
	if (root.name !== 'xml') throw malformed('no <xml> root element');
	r.skipSpace();
	if (r.pos !== text.length) throw malformed('content after the root element');
	return root;
}

/** Parses `<xml>...</xml>` into its fields; throws CallbackRejectedError for anything else. */
export function parseCallbackXml(xml: string, maxChars = MAX_CALLBACK_XML_CHARS): XmlFields {
	const root = readRoot(xml, maxChars);
	const out: XmlFields = {};
	for (const field of root.children) {
		if (Object.prototype.hasOwnProperty.call(out, field.name)) throw malformed(`the field <${field.name}> appears twice`);
		if (field.name === '__proto__') throw malformed('a reserved field name');
		out[field.name] = field.children.length
			? field.children.filter((c) => c.name === 'Item').map((c) => (c.children.length ? '' : c.text))
			: field.text;
	}
	return out;
}

/** Reads the outer envelope of an encrypted callback: `<xml><ToUserName/><AgentID/><Encrypt/></xml>`. */
export function parseEnvelope(xml: string, maxChars = MAX_CALLBACK_XML_CHARS): { encrypt: string; toUserName?: string; agentId?: string } {
	const fields = parseCallbackXml(xml, maxChars);
	const encrypt = fields.Encrypt;
	if (typeof encrypt !== 'string' || !encrypt)
		throw new CallbackRejectedError('malformed_body', 'The callback body has no <Encrypt> field.');
	const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
	return { encrypt, toUserName: str(fields.ToUserName), agentId: str(fields.AgentID) };
}

const cdata = (v: string) => `<![CDATA[${v.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

/** Builds WeCom-style XML: numbers as plain text, strings in CDATA, arrays as `<Item>` lists. */
export function buildCallbackXml(fields: Record<string, string | number | string[]>): string {
	const body = Object.entries(fields)
		.map(([k, v]) => {
			if (Array.isArray(v)) return `<${k}>${v.map((i) => `<Item>${cdata(i)}</Item>`).join('')}</${k}>`;
			if (typeof v === 'number') return `<${k}>${v}</${k}>`;
			return `<${k}>${cdata(v)}</${k}>`;
		})
		.join('');
	return `<xml>${body}</xml>`;
}
