package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import nl.spreekuur.server.http.ClientAddress;

/**
 * {@code limits.connections-per-address}: open TCP connections per peer address on this node. A connection over
 * the limit is closed as soon as it is active, before anything is read or answered. Trusted proxies (all clients
 * behind them share their address) are not counted.
 */
@ChannelHandler.Sharable
final class AddressLimit extends ChannelInboundHandlerAdapter {
    private final int max;
    private final Set<InetAddress> exempt;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    AddressLimit(int max, Set<InetAddress> exempt) {
        this.max = max;
        this.exempt = Set.copyOf(exempt);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress address = ClientAddress.peer(ctx.channel().remoteAddress());
        ctx.pipeline().remove(this);
        if (address == null || exempt.contains(address)) {
            super.channelActive(ctx);
            return;
        }
        boolean[] admitted = new boolean[1];
        open.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < max;
            return admitted[0] ? now + 1 : (now == 0 ? null : now);
        });
        if (!admitted[0]) {
            refused.incrementAndGet();
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(f -> open.computeIfPresent(address,
                (a, count) -> count <= 1 ? null : count - 1));
        super.channelActive(ctx);
    }

    long refused() {
        return refused.get();
    }
}
