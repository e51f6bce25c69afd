import type { IExecuteFunctions } from 'n8n-workflow';
import type { CrmTargetDef, TargetConnection } from '../../../lib/crm/targets';
import type { MatchOn } from '../../../lib/crm/types';
import { httpFnFrom } from '../../shared/http';

/**
 * Reads the target's credential and builds its client config, plus the HttpFn to call it with:
 * n8n's httpRequest, or httpRequestWithAuthentication when the target names an OAuth2 credential.
 */
export async function targetSetup(ctx: IExecuteFunctions, target: CrmTargetDef, params: Record<string, unknown>, matchOn: MatchOn) {
	const connection: TargetConnection<unknown> = await target.connect((type) => ctx.getCredentials(type), params, { matchOn });
	return { config: connection.config, http: httpFnFrom(ctx, connection.authenticateWith) };
}
