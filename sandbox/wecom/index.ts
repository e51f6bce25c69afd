import type { Router } from '../core/router';
import { registerAuth } from './auth';
import type { WeComEmulator } from './emulator';
import { registerGroupChat } from './groupchat';
import { registerRobot } from './robot';

/** Every WeCom API area the emulator serves; each area is one file. */
export function registerWeComAreas(router: Router, wecom: WeComEmulator): void {
	registerAuth(router, wecom);
	registerRobot(router, wecom);
	registerGroupChat(router, wecom);
}
