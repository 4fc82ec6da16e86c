package nl.spreekuur.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-machine stand-in for the NAT between a browser and a STUN server, for tests: UDP sent to {@link #port()}
 * on 127.0.0.1 goes on to the target from a separate socket per sender (the "mapping"), and the target's answers
 * come back to the sender from {@link #port()}. The STUN server therefore sees the mapping's address, not the
 * browser's, and answers with a server-reflexive address that differs from the browser's host address: without
 * it, Chromium drops a reflexive candidate that equals its host candidate, and on a machine with one network no
 * {@code srflx} candidate would ever appear. Close it to stop its threads.
 */
public final class UdpNat implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final DatagramSocket front;
    private final InetSocketAddress target;
    private final Map<SocketAddress, DatagramSocket> mappings = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean closed;

    private UdpNat(DatagramSocket front, InetSocketAddress target) {
        this.front = front;
        this.target = target;
    }

    /** Starts forwarding from a free loopback port to {@code 127.0.0.1:targetPort}. */
    public static UdpNat start(int targetPort) {
        try {
            DatagramSocket front = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            UdpNat nat = new UdpNat(front, new InetSocketAddress(LOOPBACK, targetPort));
            daemon("udp-nat-front", nat::pumpFront);
            return nat;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
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
                mapping.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), target));
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
                front.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), sender));
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
        front.close();
        mappings.values().forEach(DatagramSocket::close);
    }
}
