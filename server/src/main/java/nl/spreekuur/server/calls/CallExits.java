package nl.spreekuur.server.calls;

import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.ConnectionListener;
import nl.spreekuur.server.session.SessionRevocations;
import nl.spreekuur.server.store.Calls.Call;

/**
 * A participant whose credential was revoked (quick exit, logout, leaving a room) leaves every call at once, when
 * their socket closes: a client's quick exit ends a direct call (CALL_END_QUICK_EXIT) and tells the professional. A
 * socket that merely dropped changes nothing: the participant may come back with the same credential and
 * {@code JoinCall} (reconnect).
 *
 * <p>A conversation that ends (the chat is ended, the client's quick exit, a room deleted) ends its active call
 * first ({@link #conversationEnding}), so the {@code call_update} with {@code CALL_FINISHED} is the conversation's
 * last event before its {@code ended}: the other side learns why the call stopped from the call itself.
 */
final class CallExits implements ConnectionListener {
    private final CallContext ctx;
    private final CallDesk desk;
    private final SessionRevocations revocations;

    CallExits(CallContext ctx, CallDesk desk, SessionRevocations revocations) {
        this.ctx = ctx;
        this.desk = desk;
        this.revocations = revocations;
    }

    /** Registered with {@code ConversationService.beforeEnd}. */
    void conversationEnding(String conversationId, EndReason reason) {
        ctx.store().calls().active(conversationId).ifPresent(call -> desk.applyInternal(call.id(),
                c -> ctx.machine().conversationEnded(c, reason == EndReason.QUICK_EXIT)));
    }

    @Override
    public void connectionClosed(ClientSession session) {
        Principal principal = session.principal();
        if (!revocations.isRevoked(principal.sessionId())) {
            return;
        }
        for (Call call : ctx.store().calls().activeWith(principal.id())) {
            desk.applyInternal(call.id(), c -> ctx.machine().leave(c, principal.id(), principal.isAnonymous()));
        }
    }
}
