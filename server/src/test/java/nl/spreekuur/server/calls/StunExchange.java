package nl.spreekuur.server.calls;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.NonceAttribute;
import org.ice4j.attribute.RealmAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.security.LongTermCredential;
import org.ice4j.security.LongTermCredentialSession;
import org.ice4j.stack.StunStack;

/**
 * STUN and TURN requests over UDP for the tests, encoded and decoded by ice4j (Jitsi's STUN/TURN stack), so the
 * embedded STUN responder and the coturn tests are checked by an independent implementation. The long-term
 * credential MESSAGE-INTEGRITY (RFC 5389 §15.4) is ice4j's {@link LongTermCredentialSession}.
 */
final class StunExchange implements AutoCloseable {
    private final StunStack stack = new StunStack();
    private final DatagramSocket socket;
    private final InetSocketAddress server;

    StunExchange(InetSocketAddress server) throws IOException {
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setSoTimeout(5000);
    }

    int localPort() {
        return socket.getLocalPort();
    }

    static byte[] transactionId() {
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        return id;
    }

    /**
     * Sends the request and returns the decoded answer (which must carry the request's transaction id). UDP may lose
     * a datagram (and a loaded machine may be slow to answer), so the request is sent again like a STUN client does
     * (RFC 5389 section 7.2.1): after 500 ms, then after twice as long each time, seven sends in all.
     */
    Message exchange(Request request) throws IOException, StunException {
        byte[] bytes = request.encode(stack);
        int timeout = 500;
        for (int attempt = 1; ; attempt++) {
            socket.send(new DatagramPacket(bytes, bytes.length, server));
            socket.setSoTimeout(timeout);
            byte[] buffer = new byte[2048];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException lost) {
                if (attempt == 7) {
                    throw lost;
                }
                timeout *= 2;
                continue;
            }
            Message message = Message.decode(answer.getData(), 0, answer.getLength());
            if (!Arrays.equals(message.getTransactionID(), request.getTransactionID())) {
                continue; // a late answer to an earlier send of another transaction
            }
            return message;
        }
    }

    Message binding() throws IOException, StunException {
        Request request = MessageFactory.createBindingRequest();
        request.setTransactionID(transactionId());
        return exchange(request);
    }

    /**
     * A TURN Allocate (UDP) with long-term credentials: first without, to learn realm and nonce from the 401, then
     * with USERNAME, REALM, NONCE and MESSAGE-INTEGRITY. Returns the answer to the second request (or the first
     * one if it was not a 401 with a nonce).
     */
    Message allocate(String username, String password) throws IOException, StunException {
        Request first = MessageFactory.createAllocateRequest((byte) 17, false);
        first.setTransactionID(transactionId());
        Message challenge = exchange(first);
        RealmAttribute realm = (RealmAttribute) challenge.getAttribute(Attribute.REALM);
        NonceAttribute nonce = (NonceAttribute) challenge.getAttribute(Attribute.NONCE);
        if (realm == null || nonce == null) {
            return challenge;
        }
        LongTermCredentialSession session = new LongTermCredentialSession(
                new LongTermCredential(username, password), realm.getRealm());
        session.setNonce(nonce.getNonce());
        stack.getCredentialsManager().registerAuthority(session);
        try {
            Request second = MessageFactory.createAllocateRequest((byte) 17, false);
            second.setTransactionID(transactionId());
            session.addAttributes(second);
            return exchange(second);
        } finally {
            stack.getCredentialsManager().unregisterAuthority(session);
        }
    }

    @Override
    public void close() {
        socket.close();
        stack.shutDown();
    }
}
