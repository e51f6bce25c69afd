import type { Router } from '../core/router';
import type { WeComEmulator } from './emulator';
import { err, ok } from './emulator';

/** The sandbox corp's departments (通讯录部门); 1 is the root, as in every WeCom corp. */
export const DEPARTMENTS = [
	{ id: 1, name: '云帆示例公司', parentid: 0, order: 100000000 },
	{ id: 2, name: '市场部', parentid: 1, order: 99999000 },
	{ id: 3, name: '销售部', parentid: 1, order: 99998000 },
	{ id: 4, name: '客户服务部', parentid: 1, order: 99997000 },
];

export const STAFF_TAGS = [
	{ tagid: 1, tagname: 'SDR 小组' },
	{ tagid: 2, tagname: '社群运营' },
];

/** Department of each seeded staff member (zhangsan is an SDR, lisi runs the community...). */
const STAFF_DEPARTMENT: Record<string, number> = { zhangsan: 3, lisi: 2, wangwu: 4, zhaoliu: 3 };

/**
 * Address book reads and the Customer Contact staff list, with WeCom's permission rules: the
 * Customer Contact secret may not read the address book (48002), user/list_id answers only the
 * address-book sync secret (48002 for every secret the pack uses), a self-built app reads the
 * members in its visible range.
 */
export function registerDirectory(router: Router, wecom: WeComEmulator): void {
	const appOnly = (req: Parameters<WeComEmulator['authorize']>[0]) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		if (wecom.tokenKind(req) !== 'app') return err(48002, 'api forbidden');
		return undefined;
	};
	const departmentOf = (userid: string) => STAFF_DEPARTMENT[userid] ?? 1;
	const inDepartment = (deptId: number, fetchChild: boolean) =>
		wecom.staff.filter((s) => {
			const d = departmentOf(s.userid);
			return d === deptId || (fetchChild && DEPARTMENTS.find((x) => x.id === d)?.parentid === deptId);
		});

	// 获取配置了客户联系功能的成员列表: userids only, no names.
	router.get('/cgi-bin/externalcontact/get_follow_user_list', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		return ok({ follow_user: wecom.staff.map((s) => s.userid) });
	});

	router.get('/cgi-bin/user/simplelist', (req) => {
		const denied = appOnly(req);
		if (denied) return denied;
		const deptId = Number(req.query.get('department_id') ?? '');
		if (!DEPARTMENTS.some((d) => d.id === deptId)) return err(60003, 'department not found');
		const fetchChild = req.query.get('fetch_child') === '1';
		return ok({
			userlist: inDepartment(deptId, fetchChild).map((s) => ({ userid: s.userid, name: s.name, department: [departmentOf(s.userid)] })),
		});
	});

	router.post('/cgi-bin/user/list_id', (req) => {
		const denied = wecom.authorize(req);
		if (denied) return denied;
		// Only the address-book sync secret (通讯录同步 secret) may call it; the pack never holds that one.
		return err(48002, 'api forbidden');
	});

	// 通讯录标签 (staff tags), as app messages address them with totag.
	router.get('/cgi-bin/tag/list', (req) => {
		const denied = appOnly(req);
		if (denied) return denied;
		return ok({ taglist: STAFF_TAGS });
	});

	router.get('/cgi-bin/department/list', (req) => {
		const denied = appOnly(req);
		if (denied) return denied;
		return ok({ department: DEPARTMENTS.map((d) => ({ ...d, department_leader: [] })) });
	});
}
