import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { checkLink, parseHostList } from '../../lib/links/validate';
import { toNodeError } from '../shared/errors';

/**
 * Checks a link before a redirect or a message (tracked links, forms): http(s) only, no user
 * name or password, nothing a parser could read two ways, and a host from the allowed list.
 * The same check the Digest node applies to entry links.
 */
export class LinkCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Link Check',
		name: 'linkCheck',
		icon: 'file:linkCheck.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{"Allowed: " + ($parameter["allowedHosts"] || "any host")}}',
		description: 'Check that a link goes only to hosts you allow (no open redirect), before redirecting or sending it',
		defaults: { name: 'Link Check' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Link',
				name: 'url',
				type: 'string',
				default: '={{ $json.query.url }}',
				required: true,
				description: 'The link to check, usually from the request (e.g. the query parameter of a tracked link)',
			},
			{
				displayName: 'Allowed Hosts',
				name: 'allowedHosts',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'example.com, www.example.cn',
				description:
					'Hosts the link may point to, comma- or line-separated. Each also allows its subdomains; add ":port" to allow a non-standard port.',
			},
			{
				displayName: 'Fallback Link',
				name: 'fallbackUrl',
				type: 'string',
				default: '',
				placeholder: 'https://www.example.com/',
				description: 'Where to go instead when the link is refused (e.g. your home page). Empty: the result has no URL.',
			},
			{
				displayName: 'Put Result In Field',
				name: 'field',
				type: 'string',
				default: 'link',
				description: 'The output field for {valid, URL, hostname, reason}; the URL is the parsed link, or the fallback when refused',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const node = this.getNode();
		const out: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			try {
				const { hosts, invalid } = parseHostList(String(this.getNodeParameter('allowedHosts', i, '') ?? ''));
				if (invalid.length) throw new NodeOperationError(node, `Allowed Hosts: not a host: ${invalid.join(', ')}`, { itemIndex: i });
				if (!hosts.length)
					throw new NodeOperationError(node, 'Allowed Hosts: list at least one host', {
						itemIndex: i,
						description: 'Links are only followed to hosts you list (e.g. example.com).',
					});
				const fallbackText = String(this.getNodeParameter('fallbackUrl', i, '') ?? '').trim();
				const fallback = fallbackText ? checkLink(fallbackText) : undefined;
				if (fallback && !fallback.ok) throw new NodeOperationError(node, `Fallback Link: ${fallback.reason}`, { itemIndex: i });
				const field = String(this.getNodeParameter('field', i, 'link') || 'link');
				const r = checkLink(this.getNodeParameter('url', i, '') as unknown, { allowedHosts: hosts });
				const result: IDataObject = r.ok
					? { valid: true, url: r.url, hostname: r.hostname }
					: { valid: false, ...(fallback?.ok ? { url: fallback.url } : {}), reason: `The link ${r.reason}.` };
				out.push({ json: { ...items[i].json, [field]: result }, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw toNodeError(node, error, i);
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}
