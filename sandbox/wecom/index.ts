import type { Router } from '../core/router';
import { registerAppChat } from './appChat';
import { registerAuth } from './auth';
import { registerClientActions } from './clientActions';
import { registerContactWay } from './contactWay';
import { registerCustomers } from './customers';
import { registerDirectory } from './directory';
import type { WeComEmulator } from './emulator';
import { registerGroupChat } from './customerGroups';
import { registerJoinWay } from './joinWay';
import { registerMassSend } from './massSend';
import { registerMedia } from './media';
import { registerMessage } from './appMessage';
import { registerRobot } from './robot';
import { registerStatistics } from './groupStatistics';
import { registerTags } from './tags';
import { registerWelcomeMessage } from './welcomeMessage';
import { registerWelcomeTemplates } from './welcomeTemplate';

/** Every WeCom API area the emulator serves; each area is one file. */
export function registerWeComAreas(router: Router, wecom: WeComEmulator): void {
	registerAuth(router, wecom);
	registerRobot(router, wecom);
	registerGroupChat(router, wecom);
	registerStatistics(router, wecom);
	registerJoinWay(router, wecom);
	registerMassSend(router, wecom);
	registerWelcomeTemplates(router, wecom);
	registerContactWay(router, wecom);
	registerWelcomeMessage(router, wecom);
	registerCustomers(router, wecom);
	registerTags(router, wecom);
	registerMedia(router, wecom);
	registerMessage(router, wecom);
	registerAppChat(router, wecom);
	registerClientActions(router, wecom);
	registerDirectory(router, wecom);
}
