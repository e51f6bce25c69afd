import type { SandboxResponse } from '../core/types';

/** WeCom's answers are always HTTP 200 with errcode/errmsg in the body. */
export function ok(extra: Record<string, unknown> = {}): SandboxResponse {
	return { json: { errcode: 0, errmsg: 'ok', ...extra } };
}

export function err(errcode: number, errmsg: string): SandboxResponse {
	return {
		json: {
			errcode,
			errmsg: `${errmsg}, hint: [sandbox-${errcode}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`,
		},
	};
}
