/**
 * WeCom's callback XML: a flat `<xml>` element of text fields (mostly CDATA), except
 * `MemChangeList`, which holds `<Item>` children (or, in the older form, one comma-separated text).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CallbackRejectedError } from './errors';

/** Field values as WeCom sent them (strings), `Item` lists as string arrays. */
export type XmlFields = Record<string, string | string[]>;

const parser = new XMLParser({
	ignoreAttributes: true,
	// Keep every value a string: user IDs such as "00123" must not turn into numbers.
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	processEntities: true,
	isArray: (_name, jpath) => /\.Item$/.test(String(jpath)),
});

/** Parses `<xml>...</xml>` into its fields; throws CallbackRejectedError for anything else. */
export function parseCallbackXml(xml: string): XmlFields {
	const text = String(xml ?? '').trim();
	if (!text || XMLValidator.validate(text) !== true) throw new CallbackRejectedError('malformed_body', 'The callback body is not well-formed XML.');
	// WeCom never sends a DTD; refusing one rules out entity-expansion tricks.
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CallbackRejectedError('malformed_body', 'The callback body declares a DTD, which WeCom never does.');
	const doc = parser.parse(text) as Record<string, unknown>;
	const root = doc.xml;
	if (root === undefined || root === null || typeof root !== 'object' || Array.isArray(root)) {
		throw new CallbackRejectedError('malformed_body', 'The callback body has no <xml> root element.');
	}
	const out: XmlFields = {};
	for (const [name, value] of Object.entries(root as Record<string, unknown>)) out[name] = flatten(value);
	return out;
}

function flatten(value: unknown): string | string[] {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'object') return String(value);
	if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? '' : String(v)));
	const obj = value as Record<string, unknown>;
	if ('Item' in obj) return (obj.Item as unknown[]).map((v) => (v === undefined || v === null || typeof v === 'object' ? '' : String(v)));
	if ('#text' in obj) return String(obj['#text']);
	return '';
}

/** Reads the outer envelope of an encrypted callback: `<xml><ToUserName/><AgentID/><Encrypt/></xml>`. */
export function parseEnvelope(xml: string): { encrypt: string; toUserName?: string; agentId?: string } {
	const fields = parseCallbackXml(xml);
	const encrypt = fields.Encrypt;
	if (typeof encrypt !== 'string' || !encrypt) throw new CallbackRejectedError('malformed_body', 'The callback body has no <Encrypt> field.');
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
