package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-machine stand-in for the NAT between a browser and a STUN server, for tests: UDP sent to {@link #port()}
 * on 127.0.0.1 goes on to the target from a separate socket per sender (the "mapping"), and the target's answers
 * come back to the sender from {@link #port()}. The STUN server therefore sees the mapping's address, not the
 * browser's, and answers with a server-reflexive address that differs from the browser's host address: without
 * it, Chromium drops a reflexive candidate that equals its host candidate, and on a machine with one network no
 * {@code srflx} candidate would ever appear. Started with a delay, it is also a slow network: every datagram is
 * held that long in each direction (in front of a TURN server, a relayed call's round trip grows by four times the
 * delay). Close it to stop its threads.
 */
public final class UdpNat implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final DatagramSocket front;
    private final InetSocketAddress target;
    private final Map<SocketAddress, DatagramSocket> mappings = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final long delayNanos;
    private final ScheduledExecutorService later;
    private volatile boolean closed;

    private UdpNat(DatagramSocket front, InetSocketAddress target, Duration delay) {
        this.front = front;
        this.target = target;
        this.delayNanos = delay.toNanos();
        this.later = delay.isZero() ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "udp-nat-delay");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts forwarding from a free loopback port to {@code 127.0.0.1:targetPort}. */
    public static UdpNat start(int targetPort) {
        return start(targetPort, Duration.ZERO);
    }

    /** The same, holding every datagram for {@code delay} in each direction. */
    public static UdpNat start(int targetPort, Duration delay) {
        try {
            DatagramSocket front = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            UdpNat nat = new UdpNat(front, new InetSocketAddress(LOOPBACK, targetPort), delay);
            daemon("udp-nat-front", nat::pumpFront);
            return nat;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a copy of the packet's data from {@code socket} to {@code to}, now or after the delay. */
    private void send(DatagramSocket socket, DatagramPacket packet, SocketAddress to) throws IOException {
        DatagramPacket copy = new DatagramPacket(Arrays.copyOfRange(packet.getData(), packet.getOffset(),
                packet.getOffset() + packet.getLength()), packet.getLength(), to);
        if (later == null) {
            socket.send(copy);
            return;
        }
        later.schedule(() -> {
            try {
                socket.send(copy);
            } catch (IOException e) {
                // closed meanwhile, or the receiver is gone: a lost datagram, as on a real network
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** The port senders use instead of the target's. */
    public int port() {
        return front.getLocalPort();
    }

    /** How many datagrams went from a sender to the target. */
    public long forwarded() {
        return forwarded.get();
    }

    private void pumpFront() {
        byte[] buffer = new byte[2048];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                front.receive(packet);
                SocketAddress sender = packet.getSocketAddress();
                DatagramSocket mapping = mappings.computeIfAbsent(sender, this::openMapping);
                send(mapping, packet, target);
                forwarded.incrementAndGet();
            } catch (IOException | UncheckedIOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private DatagramSocket openMapping(SocketAddress sender) {
        try {
            DatagramSocket mapping = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            daemon("udp-nat-mapping", () -> pumpBack(mapping, sender));
            return mapping;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pumpBack(DatagramSocket mapping, SocketAddress sender) {
        byte[] buffer = new byte[2048];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                mapping.receive(packet);
                send(front, packet, sender);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        if (later != null) {
            later.shutdownNow();
        }
        front.close();
        mappings.values().forEach(DatagramSocket::close);
    }
}
