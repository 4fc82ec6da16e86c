package nl.spreekuur.server.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's bound on WebSockets that are being upgraded or are upgraded without a completed Hello
 * ({@code limits.sockets-awaiting-hello}). A slot is taken just before the handshake and given back once: when
 * Hello is decided (accepted, refused, timed out) or the socket closes, whichever comes first.
 */
final class HelloSlots {
    private static final AttributeKey<Runnable> RELEASE = AttributeKey.valueOf("spreekuur.hello-slot");

    private final int max;
    private final AtomicInteger taken = new AtomicInteger();

    HelloSlots(int max) {
        this.max = max;
    }

    /** Takes a slot for the channel; false (nothing taken) when all are taken. */
    boolean tryTake(Channel channel) {
        while (true) {
            int now = taken.get();
            if (now >= max) {
                return false;
            }
            if (taken.compareAndSet(now, now + 1)) {
                break;
            }
        }
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
            if (held.compareAndSet(true, false)) {
                taken.decrementAndGet();
            }
        };
        channel.attr(RELEASE).set(release);
        channel.closeFuture().addListener(f -> release.run());
        return true;
    }

    /** Gives the channel's slot back (once; nothing if it holds none). */
    static void release(Channel channel) {
        Runnable release = channel.attr(RELEASE).getAndSet(null);
        if (release != null) {
            release.run();
        }
    }

    int taken() {
        return taken.get();
    }
}
