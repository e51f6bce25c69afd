/**
 * WeCom group robot limits (群机器人): bytes per message type, messages per minute per key. Shared by
 * the robot client and everything that writes for robots (the morning report).
 */
export const ROBOT_TEXT_MAX_BYTES = 2048;
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;
export const ROBOT_MESSAGES_PER_MINUTE = 20;
