package nl.spreekuur.server.cluster;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.Subscribe;
import nl.spreekuur.server.testsupport.TestWsClient;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;

/**
 * One participant of the chaos audit: a protobuf WebSocket client that does what the web client promises, without a
 * browser: it connects to one of the live nodes, says Hello, subscribes to its conversation from the last seq it saw
 * (with the epoch), sends numbered messages one at a time and sends an unacknowledged one again with the same
 * {@code client_msg_id} after every reconnect. Whatever ends its socket (a drop by the test, a killed node, 1012, an
 * error answer), it reconnects after a short random pause to a random live node.
 *
 * <p>It records what the server delivered, as it came: the events in order, a <b>duplicate</b> for every event whose
 * seq it already had, an <b>out-of-order</b> for every event that skipped a seq; and every acknowledgement.
 */
public final class ChaosClient {
    /** One delivered event: its seq and text (the text is the message's client_msg_id). */
    record Delivery(long seq, String text) {
    }

    private final int number;
    private final String token;
    private final String conversationId;
    private final Supplier<List<URI>> liveNodes;
    private final ScheduledExecutorService timers;

    private final List<Delivery> delivered = new ArrayList<>();
    private final Map<String, Long> acknowledged = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private String epoch = "";
    private long lastSeq;
    private int duplicates;
    private int outOfOrder;
    private int connections;
    private int sent;
    private String outstanding;
    private boolean sending = true;
    private boolean stopped;
    /** The current socket's generation; callbacks of an older socket are ignored. */
    private int generation;
    private Session session;
    private boolean ready;
    private String lastFailure = "";

    ChaosClient(int number, String token, String conversationId, Supplier<List<URI>> liveNodes,
                ScheduledExecutorService timers) {
        this.number = number;
        this.token = token;
        this.conversationId = conversationId;
        this.liveNodes = liveNodes;
        this.timers = timers;
    }

    String conversationId() {
        return conversationId;
    }

    synchronized void start() {
        connect();
        long every = 1500 + ThreadLocalRandom.current().nextLong(1000);
        timers.scheduleWithFixedDelay(this::sendNext, ThreadLocalRandom.current().nextLong(every), every,
                TimeUnit.MILLISECONDS);
    }

    /** Drops the socket without a close handshake (as a phone losing its network). */
    synchronized void drop() {
        if (session != null && session.isOpen()) {
            session.disconnect();
        }
    }

    /** No new messages from now on; the outstanding one is still sent again until acknowledged. */
    synchronized void stopSending() {
        sending = false;
    }

    synchronized boolean settled() {
        return outstanding == null && ready;
    }

    /** For a failure message: what the client is waiting for. */
    synchronized String state() {
        return "client " + number + " (" + conversationId + "): " + (ready ? "subscribed" : session == null
                ? "connecting" : "hello/subscribe sent") + ", outstanding " + outstanding + ", last seq " + lastSeq
                + ", connections " + connections + ", last connect failure " + lastFailure;
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    synchronized void stop() {
        stopped = true;
        generation++;
        if (session != null) {
            session.close();
        }
    }

    synchronized List<Delivery> delivered() {
        return List.copyOf(delivered);
    }

    synchronized Map<String, Long> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    synchronized int duplicates() {
        return duplicates;
    }

    synchronized int outOfOrder() {
        return outOfOrder;
    }

    synchronized int connections() {
        return connections;
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    // --- socket lifecycle (always under the client's lock) ---

    private void connect() {
        if (stopped) {
            return;
        }
        int mine = ++generation;
        ready = false;
        session = null;
        List<URI> nodes = liveNodes.get();
        URI node = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
        ClientUpgradeRequest request = new ClientUpgradeRequest(node);
        request.setHeader("Origin", "http://" + node.getHost() + ":" + node.getPort());
        request.setSubProtocols(TestWsClient.PROTO);
        try {
            TestWsClient.jetty().connect(new Listener(mine), request).whenComplete((s, failure) -> {
                if (failure != null) {
                    synchronized (ChaosClient.this) {
                        lastFailure = failure.toString();
                    }
                    lost(mine);
                }
            });
        } catch (Exception e) {
            lastFailure = e.toString();
            lost(mine);
        }
    }

    /** The socket of that generation is gone (or never came): reconnect soon. */
    private synchronized void lost(int of) {
        if (of != generation || stopped) {
            return;
        }
        generation++;
        ready = false;
        session = null;
        timers.schedule(this::reconnect, 100 + ThreadLocalRandom.current().nextLong(400), TimeUnit.MILLISECONDS);
    }

    private synchronized void reconnect() {
        connect();
    }

    private synchronized void opened(int of, Session s) {
        if (of != generation) {
            s.close();
            return;
        }
        session = s;
        connections++;
        send(ClientMessage.newBuilder().setRequestId("hello").setHello(Hello.newBuilder().setToken(token)
                .setClient("chaos/" + number)).build());
    }

    private synchronized void received(int of, ServerMessage m) {
        if (of != generation) {
            return;
        }
        if (m.hasHelloOk()) {
            send(ClientMessage.newBuilder().setRequestId("subscribe").setSubscribe(Subscribe.newBuilder()
                    .setConversationId(conversationId).setSinceSeq(lastSeq).setEpoch(epoch)).build());
        } else if (m.hasSubscribeResult()) {
            if (!epoch.isEmpty() && !m.getSubscribeResult().getRecovered()) {
                problems.add("client " + number + ": resume from seq " + lastSeq + " not recovered");
            }
            epoch = m.getSubscribeResult().getEpoch();
            ready = true;
            if (outstanding != null) {
                sendMessage(outstanding);
            }
        } else if (m.hasEvent() && m.getEvent().getConversationId().equals(conversationId)) {
            event(m.getEvent());
        } else if (m.hasMessageAck()) {
            String id = m.getMessageAck().getClientMsgId();
            Long before = acknowledged.putIfAbsent(id, m.getMessageAck().getSeq());
            if (before != null && before != m.getMessageAck().getSeq()) {
                problems.add("client " + number + ": " + id + " acknowledged at seq " + before + " and "
                        + m.getMessageAck().getSeq());
            }
            if (id.equals(outstanding)) {
                outstanding = null;
            }
        } else if (m.hasError()) {
            // UNAVAILABLE (Redis or the store away), a refused Hello: start over on a new socket
            abandon();
        }
    }

    private void event(ConversationEvent event) {
        long seq = event.getSeq();
        if (seq <= lastSeq) {
            duplicates++;
            return;
        }
        if (seq != lastSeq + 1) {
            outOfOrder++;
        }
        lastSeq = seq;
        delivered.add(new Delivery(seq, event.hasText() ? event.getText().getText() : ""));
    }

    private void abandon() {
        Session s = session;
        lost(generation);
        if (s != null) {
            s.disconnect();
        }
    }

    private synchronized void sendNext() {
        if (!sending || !ready || outstanding != null) {
            return;
        }
        outstanding = "c" + number + "-" + (++sent);
        sendMessage(outstanding);
    }

    private void sendMessage(String clientMsgId) {
        send(ClientMessage.newBuilder().setRequestId("m-" + clientMsgId).setSendMessage(SendMessage.newBuilder()
                .setConversationId(conversationId).setClientMsgId(clientMsgId).setText(clientMsgId)).build());
    }

    private void send(ClientMessage message) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendBinary(ByteBuffer.wrap(message.toByteArray()), Callback.NOOP);
        }
    }

    public final class Listener extends Session.Listener.AbstractAutoDemanding {
        private final int of;

        Listener(int of) {
            this.of = of;
        }

        @Override
        public void onWebSocketOpen(Session s) {
            super.onWebSocketOpen(s);
            opened(of, s);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            try {
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                received(of, ServerMessage.parseFrom(bytes));
            } catch (Exception e) {
                synchronized (ChaosClient.this) {
                    problems.add("client " + number + ": undecodable frame");
                }
            } finally {
                callback.succeed();
            }
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            getSession().sendPong(payload, Callback.NOOP);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            callback.succeed();
            lost(of);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            lost(of);
        }
    }
}
