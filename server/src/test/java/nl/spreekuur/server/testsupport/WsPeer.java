package nl.spreekuur.server.testsupport;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.protocol.v1.SubscribeResult;

/**
 * One person's authenticated WebSocket, for end-to-end service tests: requests get a fresh request id and the
 * answer with that id is returned; pushes that arrive meanwhile are kept in arrival order, so a test can later
 * pick the push it expects ({@link #await}) without losing the ones in between.
 *
 * <pre>
 * try (WsPeer client = WsPeer.connect(server.wsUri(), TestWsClient.JSON, token)) {
 *     SubscribeResult sub = client.subscribe(conversationId, 0, "");
 *     ConversationEvent first = client.nextEvent(conversationId);
 * }
 * </pre>
 */
public final class WsPeer implements AutoCloseable {
    private final TestWsClient ws;
    private final HelloOk helloOk;
    private final List<ServerMessage> backlog = new ArrayList<>();
    private int requests;

    private WsPeer(TestWsClient ws, HelloOk helloOk) {
        this.ws = ws;
        this.helloOk = helloOk;
    }

    /** Connects with the subprotocol and authenticates with Hello (fails unless HelloOk comes back). */
    public static WsPeer connect(URI uri, String subprotocol, String token) throws Exception {
        return connect(TestWsClient.connect(uri, subprotocol), token);
    }

    /** Authenticates an already upgraded client (e.g. one from {@link TestWsClient#connectWithHeaders}). */
    public static WsPeer connect(TestWsClient ws, String token) throws Exception {
        try {
            return new WsPeer(ws, ws.hello(token));
        } catch (AssertionError | InterruptedException e) {
            ws.close();
            throw e;
        }
    }

    /** Connects and starts a new anonymous session of the organisation in the Hello (HelloOk carries its token). */
    public static WsPeer startSession(URI uri, String subprotocol, String organisation) throws Exception {
        TestWsClient ws = TestWsClient.connect(uri, subprotocol);
        try {
            return new WsPeer(ws, ws.helloNewSession(organisation));
        } catch (AssertionError | InterruptedException e) {
            ws.close();
            throw e;
        }
    }

    public HelloOk helloOk() {
        return helloOk;
    }

    public String subprotocol() {
        return ws.subprotocol();
    }

    /** Every text frame sent and received (JSON encoding), in order; see {@link TestWsClient#textFrames}. */
    public List<String> textFrames() {
        return ws.textFrames();
    }

    /** Sends the request with a new request id and returns the answer to it (the result or an Error). */
    public ServerMessage call(ClientMessage.Builder request) throws InterruptedException {
        String requestId = sendWithoutWaiting(request);
        return await("answer to " + request.getBodyCase(), m -> m.getRequestId().equals(requestId));
    }

    /**
     * Sends the request with a new request id without waiting for the answer, so many can be in flight at once
     * (pipelining); returns the request id to match the answer by.
     */
    public String sendWithoutWaiting(ClientMessage.Builder request) {
        String requestId = "r" + (++requests);
        ws.send(request.setRequestId(requestId).build());
        return requestId;
    }

    /** Sends the request and fails unless the answer is an Ack. */
    public void callForAck(ClientMessage.Builder request) throws InterruptedException {
        ServerMessage answer = call(request);
        if (!answer.hasAck()) {
            throw new AssertionError("expected Ack for " + request.getBodyCase() + ", got " + answer);
        }
    }

    /** Sends the request and returns the code of the Error it must be answered with. */
    public ErrorCode callForError(ClientMessage.Builder request) throws InterruptedException {
        ServerMessage answer = call(request);
        if (!answer.hasError()) {
            throw new AssertionError("expected an Error for " + request.getBodyCase() + ", got " + answer);
        }
        if (!answer.getError().getRequestId().equals(answer.getRequestId())) {
            throw new AssertionError("Error.request_id differs from the envelope's: " + answer);
        }
        return answer.getError().getCode();
    }

    public SubscribeResult subscribe(String conversationId, long sinceSeq, String epoch) throws InterruptedException {
        ServerMessage answer = call(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder()
                .setConversationId(conversationId).setSinceSeq(sinceSeq).setEpoch(epoch)));
        if (!answer.hasSubscribeResult()) {
            throw new AssertionError("expected SubscribeResult, got " + answer);
        }
        return answer.getSubscribeResult();
    }

    public MessageAck sendText(String conversationId, String clientMsgId, String text) throws InterruptedException {
        ServerMessage answer = call(ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                .setConversationId(conversationId).setClientMsgId(clientMsgId).setText(text)));
        if (!answer.hasMessageAck()) {
            throw new AssertionError("expected MessageAck, got " + answer);
        }
        return answer.getMessageAck();
    }

    /** The first message (already received or still to come) that matches; earlier non-matching ones are kept. */
    public ServerMessage await(String what, Predicate<ServerMessage> matches) throws InterruptedException {
        return await(what, matches, TestWsClient.TIMEOUT);
    }

    public ServerMessage await(String what, Predicate<ServerMessage> matches, Duration timeout)
            throws InterruptedException {
        for (Iterator<ServerMessage> it = backlog.iterator(); it.hasNext(); ) {
            ServerMessage kept = it.next();
            if (matches.test(kept)) {
                it.remove();
                return kept;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout + "; unclaimed: " + backlog);
            }
            ServerMessage message;
            try {
                message = ws.next(Duration.ofNanos(left));
            } catch (AssertionError nothingMore) {
                throw new AssertionError("no " + what + " within " + timeout + "; unclaimed: " + backlog,
                        nothingMore);
            }
            if (matches.test(message)) {
                return message;
            }
            backlog.add(message);
        }
    }

    /** The next stored (sequenced) event of the conversation, in arrival order. */
    public ConversationEvent nextEvent(String conversationId) throws InterruptedException {
        return nextEvent(conversationId, TestWsClient.TIMEOUT);
    }

    public ConversationEvent nextEvent(String conversationId, Duration timeout) throws InterruptedException {
        return await("event in " + conversationId,
                m -> m.hasEvent() && m.getEvent().getConversationId().equals(conversationId), timeout).getEvent();
    }

    /** Waits for the SessionEnding push and the close frame, and returns the close frame's code and reason. */
    public TestWsClient.CloseStatus awaitClose() throws Exception {
        return awaitClose(TestWsClient.TIMEOUT);
    }

    public TestWsClient.CloseStatus awaitClose(Duration timeout) throws Exception {
        long start = System.nanoTime();
        ServerMessage ending = await("SessionEnding", ServerMessage::hasSessionEnding, timeout);
        TestWsClient.CloseStatus status = ws.awaitClose(timeout.minusNanos(System.nanoTime() - start));
        if (ending.getSessionEnding().getCloseCode() != status.code()
                || !ending.getSessionEnding().getReason().equals(status.reason())) {
            throw new AssertionError("SessionEnding " + ending.getSessionEnding() + " differs from close " + status);
        }
        return status;
    }

    /**
     * Waits until the socket is gone however it ended (a killed server sends neither SessionEnding nor a close
     * frame); what arrived before stays available through {@link #unclaimed()}.
     */
    public TestWsClient.CloseStatus awaitGone(Duration timeout) throws Exception {
        return ws.awaitClose(timeout);
    }

    /**
     * Messages that arrived before the last awaited one and were not claimed, without reading further; so a test
     * can tell what came before an answer.
     */
    public List<ServerMessage> skipped() {
        return List.copyOf(backlog);
    }

    /** Messages that arrived but no test step claimed yet. */
    public List<ServerMessage> unclaimed() {
        backlog.addAll(ws.drain());
        return List.copyOf(backlog);
    }

    /** Frames of the wrong type or undecodable (should stay empty). */
    public List<String> violations() {
        return ws.violations();
    }

    /** Closes the socket from the client side (as a browser tab that goes away). */
    @Override
    public void close() {
        ws.close();
    }
}
