import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { CrmApiError } from '../../../lib/crm/errors';
import { CrmIo } from '../../../lib/crm/http';
import { crmTarget } from '../../../lib/crm/targets';
import type { MatchOn } from '../../../lib/crm/types';
import { httpFnFrom } from '../../shared/http';
import { toNodeError } from '../../shared/errors';

const parameter = (ctx: ILoadOptionsFunctions, name: string): unknown => {
	try {
		return ctx.getCurrentNodeParameter(name);
	} catch {
		return undefined;
	}
};

/**
 * CRM owners of the picked Target CRM (HubSpot owners, Salesforce active users, Fxiaoke staff),
 * every page, through the target's own credential. A refusal shows the CRM's error and hint.
 */
export async function getCrmOwners(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const target = crmTarget(String(parameter(this, 'target') ?? 'hubspot'));
	if (!target.listOwners)
		throw new NodeOperationError(this.getNode(), `${target.label} has no owner list: enter the owner ID with an expression`, {
			description: 'Switch CRM Owner to Expression and type the ID your receiver expects.',
		});
	// The target's own fields (API version, sign-in method) as the node has them, defaults otherwise.
	const options = (parameter(this, 'options') ?? {}) as IDataObject;
	const raw: Record<string, unknown> = {};
	for (const f of target.fields) raw[f.name] = parameter(this, f.name) ?? f.default;
	for (const f of target.options) raw[f.name] = options[f.name] ?? f.default;
	const parsed = target.params.safeParse(raw);
	if (!parsed.success) throw new NodeOperationError(this.getNode(), `Fix the ${target.label} fields of the node to list owners`);
	const matchOn = (parameter(this, 'matchOn') ?? 'email') as MatchOn;
	let connection;
	try {
		connection = await target.connect((type) => this.getCredentials(type), parsed.data, { matchOn });
	} catch (e) {
		throw new NodeOperationError(this.getNode(), `Select a ${target.label} credential to list CRM owners`, {
			description: `The owner list is read with the Target CRM's credential. (${(e as Error).message})`,
		});
	}
	const io = new CrmIo(target.id, { http: httpFnFrom(this, connection.authenticateWith), timeoutMs: 15000 });
	try {
		const owners = await target.listOwners(io, connection.config);
		return owners.map((o) => ({ name: o.email ? `${o.name} (${o.email})` : o.name, value: o.id, description: o.id }));
	} catch (e) {
		if (e instanceof CrmApiError)
			throw new NodeOperationError(this.getNode(), `${target.label} would not list owners: ${e.message}`, {
				description: `${e.hint ? `${e.hint} ` : ''}You can still enter the owner ID with an expression.`,
			});
		throw toNodeError(this.getNode(), e);
	}
}
