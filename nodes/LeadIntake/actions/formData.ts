import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The Form Data parameter of item `i`: an object as mapped, or JSON text parsed. Text that is not
 * JSON is passed on as it is, so the schema names the field in its error.
 */
export function readFormData(ctx: IExecuteFunctions, i: number): unknown {
	const v = ctx.getNodeParameter('formData', i, {}) as unknown;
	if (typeof v !== 'string') return v ?? {};
	try {
		return JSON.parse(v || '{}');
	} catch {
		return v;
	}
}
