package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Hello;

/**
 * A hand-written WebSocket client (protobuf subprotocol) that reads nothing after the upgrade and writes without
 * blocking, so a test sees exactly how much the server lets it send: when the server stops reading, the kernel
 * buffers on both sides fill and writes accept nothing more. Jetty's client cannot play this: it reads for its own
 * control frames and queues sends without telling.
 */
public final class NonReadingWsClient implements AutoCloseable {
    private final SocketChannel socket;
    private ByteBuffer unsent = ByteBuffer.allocate(0);
    private long written;

    private NonReadingWsClient(SocketChannel socket) {
        this.socket = socket;
    }

    /** Upgrades with {@code spreekuur.v1.proto} and says Hello with the token (its answer is never read). */
    public static NonReadingWsClient connect(int port, String token) throws IOException {
        SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nOrigin: http://127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + TestWsClient.PROTO + "\r\n\r\n";
        socket.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        readResponseHead(socket);
        NonReadingWsClient client = new NonReadingWsClient(socket);
        socket.write(frame(ClientMessage.newBuilder().setRequestId("hello")
                .setHello(Hello.newBuilder().setToken(token).setClient("test/1")).build()));
        socket.configureBlocking(false);
        return client;
    }

    /**
     * Writes frames from {@code next} until the socket takes no more right now. Returns true if it took nothing at
     * all this time (the buffers were still full from the last call); fails once more than {@code maxBytes} went
     * out in total, because then the server kept reading.
     */
    public boolean writeUntilFull(Supplier<ClientMessage> next, long maxBytes) throws IOException {
        boolean tookNothing = true;
        while (true) {
            if (!unsent.hasRemaining()) {
                unsent = frame(next.get());
            }
            int n = socket.write(unsent);
            if (n == 0) {
                return tookNothing;
            }
            tookNothing = false;
            written += n;
            if (written > maxBytes) {
                throw new AssertionError("the server took " + written + " bytes without stopping to read");
            }
        }
    }

    /**
     * Writes WebSocket ping control frames (masked, 16-byte payload) until the socket takes no more right now or
     * {@code count} were sent; returns how many went out. Throws IOException once the server closed the socket.
     */
    public int writePings(int count) throws IOException {
        int sent = 0;
        while (sent < count) {
            ByteBuffer ping = ByteBuffer.allocate(2 + 4 + 16);
            ping.put((byte) 0x89).put((byte) (0x80 | 16)).putInt(0).put(new byte[16]).flip();
            while (ping.hasRemaining()) {
                if (socket.write(ping) == 0) {
                    if (ping.position() == 0) {
                        return sent;
                    }
                    Thread.onSpinWait(); // finish the frame we started
                }
            }
            written += 22;
            sent++;
        }
        return sent;
    }

    /** Bytes the socket accepted so far, after the upgrade. */
    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void readResponseHead(SocketChannel socket) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            one.clear();
            if (socket.read(one) < 0) {
                throw new IOException("closed during the upgrade: " + head);
            }
            head.append((char) one.get(0));
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
    }

    /** A masked binary frame (the mask is all zeroes, which RFC 6455 allows, so the payload stays as it is). */
    private static ByteBuffer frame(ClientMessage message) {
        byte[] payload = message.toByteArray();
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
        frame.put((byte) 0x82);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        frame.putInt(0).put(payload).flip();
        return frame;
    }
}
