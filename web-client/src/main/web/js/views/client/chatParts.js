// What the office-hour page needs once there is a session (waiting, chatting, after the chat), gathered in one
// module that views/client/officeHourView.js loads on demand: the start page (the status and the join form) needs
// none of it, and on a slow phone every module less on the first load is a round trip less.
export { ChatPanel } from '../chat.js';
export { ConnectionStatus } from '../connectionStatus.js';
export { recordConnection, CALL_EVENTS } from '../../connectionRecorder.js';
export { confirmDialog, openDialog } from '../../dialog.js';
export { announce } from '../../live.js';
export { endedSection } from './endedView.js';
