// The one WebSocket of a session (client or staff), wired the same way for both: a Connection that asks for the
// session's current token, the ConversationHub on top of it, retries when the network comes back, and the
// connection state and HelloOk mirrored into the app store.
import { Connection } from '../connection.js';
import { webSocketUrl } from '../config.js';
import { ConversationHub } from '../conversation.js';
import { store } from '../store.js';
import { retryWhenBack } from '../reconnect.js';

/**
 * @param {'client'|'staff'} kind what the HelloOk describes, as stored in `store.session.kind`
 * @param {() => string} getToken the session's token at the time of each (re)connect
 * @returns {{ connection: Connection, hub: ConversationHub, stopRetryTriggers: () => void }}
 */
export function openSessionSocket(kind, getToken) {
  const connection = new Connection({ url: webSocketUrl(), getToken });
  const hub = new ConversationHub(connection);
  const stopRetryTriggers = retryWhenBack(connection);
  connection.on('state', (state) => store.set({ connection: state, retryAt: connection.retryAt }));
  connection.on('helloOk', (ok) => store.set({ session: { kind, principalId: ok.principalId, displayName: ok.displayName || '', roles: ok.roles || [], organisation: ok.organisation || null } }));
  return { connection, hub, stopRetryTriggers };
}
