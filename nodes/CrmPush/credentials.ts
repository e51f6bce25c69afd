import type { INodeCredentialDescription } from 'n8n-workflow';
import { CRM_TARGET_LIST } from '../../lib/crm/targets';

/**
 * Required, and shown when its target (and the target's own conditions, e.g. OAuth2) is picked:
 * from the target registry, for a credential listed by name in CrmPush.node.ts.
 */
export function targetCredential(name: string): Pick<INodeCredentialDescription, 'required' | 'displayOptions'> {
	for (const t of CRM_TARGET_LIST)
		for (const c of t.credentials) if (c.name === name) return { required: true, displayOptions: { show: { target: [t.id], ...c.show } } };
	throw new Error(`CRM Push: no target reads the credential "${name}"`);
}
