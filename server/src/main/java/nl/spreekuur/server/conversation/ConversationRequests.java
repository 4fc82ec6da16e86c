package nl.spreekuur.server.conversation;

import nl.spreekuur.protocol.v1.ClientMessage.BodyCase;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.ClientSession;
import nl.spreekuur.server.session.ConnectionListener;
import nl.spreekuur.server.session.RequestRouter;

/** Wires the conversation requests into the router. */
public final class ConversationRequests implements ConnectionListener {
    private final ConversationStream service;

    public ConversationRequests(ConversationService conversations) {
        this.service = conversations.stream();
    }

    public void register(RequestRouter router) {
        router.listen(this)
                .on(BodyCase.SUBSCRIBE, (s, r) -> service.subscribe(s, r.getRequestId(), r.getSubscribe()))
                .onAck(BodyCase.UNSUBSCRIBE, (s, r) -> service.unsubscribe(s, r.getUnsubscribe().getConversationId()))
                .on(BodyCase.SEND_MESSAGE, (s, r) -> s.send(ServerMessage.newBuilder().setRequestId(r.getRequestId())
                        .setMessageAck(service.send(s, r.getSendMessage())).build()))
                .onAck(BodyCase.TYPING, (s, r) -> service.typing(s, r.getTyping()))
                .onAck(BodyCase.SEND_RECEIPT, (s, r) -> service.receipt(s, r.getSendReceipt()))
                .on(BodyCase.GET_HISTORY, (s, r) -> s.send(ServerMessage.newBuilder().setRequestId(r.getRequestId())
                        .setHistory(service.history(s, r.getGetHistory())).build()));
    }

    @Override
    public void connectionClosed(ClientSession session) {
        service.connectionClosed(session);
    }
}
