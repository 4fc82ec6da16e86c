package nl.spreekuur.server.testsupport;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import nl.spreekuur.protocol.v1.Ack;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.ApplicationFactory;
import nl.spreekuur.server.ServerContext;
import nl.spreekuur.server.session.Application;
import nl.spreekuur.server.session.ClientSession;

/**
 * A test {@link Application}: records sessions, requests and disconnects in blocking queues and answers every
 * request with Ack (or with a custom responder).
 */
public class RecordingApplication implements Application {
    /** A request as it reached the application, with the session it came on. */
    public record Received(ClientSession session, ClientMessage message) {
    }

    private final ServerContext context;
    private final BlockingQueue<ClientSession> authenticated = new LinkedBlockingQueue<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<ClientSession> disconnected = new LinkedBlockingQueue<>();
    private volatile BiConsumer<ClientSession, ClientMessage> responder = RecordingApplication::ack;

    public RecordingApplication(ServerContext context) {
        this.context = context;
    }

    public static ApplicationFactory factory() {
        return RecordingApplication::new;
    }

    public ServerContext context() {
        return context;
    }

    public void respondWith(BiConsumer<ClientSession, ClientMessage> responder) {
        this.responder = responder;
    }

    public static void ack(ClientSession session, ClientMessage message) {
        session.send(ServerMessage.newBuilder().setRequestId(message.getRequestId())
                .setAck(Ack.getDefaultInstance()).build());
    }

    @Override
    public HelloOk onAuthenticated(ClientSession session) {
        authenticated.add(session);
        return HelloOk.getDefaultInstance();
    }

    @Override
    public void onMessage(ClientSession session, ClientMessage message) {
        received.add(new Received(session, message));
        responder.accept(session, message);
    }

    @Override
    public void onDisconnected(ClientSession session) {
        disconnected.add(session);
    }

    public ClientSession nextAuthenticated() throws InterruptedException {
        return take(authenticated, "authenticated session");
    }

    public Received nextReceived() throws InterruptedException {
        return take(received, "request");
    }

    public ClientSession nextDisconnected() throws InterruptedException {
        return take(disconnected, "disconnect");
    }

    private static <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
        T item = queue.poll(10, TimeUnit.SECONDS);
        if (item == null) {
            throw new AssertionError("no " + what + " within 10 s");
        }
        return item;
    }
}
