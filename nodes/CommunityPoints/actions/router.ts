import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { awardFromFormOp, pointsFromAttendanceOp, pointsFromGroupJoinOp } from './awards';
import { checkLevelsOp, monthlyTopOp, roleMixOp } from './reports';

/** Operation → its function; every operation reads all input items at once. */
export const operations: Record<string, (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>> = {
	awardFromForm: awardFromFormOp,
	pointsFromGroupJoin: pointsFromGroupJoinOp,
	pointsFromAttendance: pointsFromAttendanceOp,
	checkLevels: checkLevelsOp,
	monthlyTop: monthlyTopOp,
	roleMix: roleMixOp,
};
