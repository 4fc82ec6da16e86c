package nl.spreekuur.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import nl.spreekuur.server.session.CloseCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server: event loops (epoll on Linux, NIO elsewhere), the listening socket and every accepted
 * connection, so shutdown can close them all with 1012.
 */
public final class NettyTransport {
    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    /** Outbound bytes buffered in Netty before a channel reports unwritable (then the outbox holds messages). */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    private final TransportServices services;
    private final WorkerPool workers;
    private final InFlightLimit inFlight;
    private final ChannelGroup allChannels = new DefaultChannelGroup("spreekuur", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    private SpreekuurChannelInitializer initializer;

    public NettyTransport(TransportServices services, WorkerPool workers) {
        this.services = services;
        this.workers = workers;
        this.inFlight = new InFlightLimit(services.config().appMaxInFlight());
        services.metrics().bindRequestFlow(inFlight::inFlight, inFlight::pausedAtOwnBound, inFlight::waiting,
                workers::queued);
    }

    /** Binds and returns the bound port (useful when the configured port is 0). */
    public int bind() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        acceptGroup = new MultiThreadIoEventLoopGroup(1, io);
        ioGroup = new MultiThreadIoEventLoopGroup(io);
        TlsContext tls = null;
        if (services.config().tls().enabled()) {
            tls = TlsContext.load(services.config().tls());
            long every = services.config().tls().reloadInterval().toMillis();
            acceptGroup.next().scheduleWithFixedDelay(tls::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(initializer = new SpreekuurChannelInitializer(services, workers, inFlight, allChannels,
                        tls));
        serverChannel = bootstrap.bind(services.config().bind(), services.config().port()).sync().channel();
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("listening on {}:{} ({}{})", services.config().bind(), port, epoll ? "epoll" : "nio",
                tls != null ? ", TLS" : "");
        return port;
    }

    /** Stops accepting new connections. */
    public void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
    }

    /**
     * The first step of a graceful stop: new WebSocket upgrades are answered 503 ({@code Retry-After: 1}) while the
     * listening socket still takes HTTP (so {@code /readyz} can say "draining").
     */
    public void drain() {
        if (initializer != null) {
            initializer.drain();
        }
    }

    /**
     * Closes every connection: WebSockets with SessionEnding and 1012 "service restart", plain HTTP at once;
     * waits up to {@code grace} for the close handshakes, then closes what is left.
     *
     * <p>Each channel is looked at on its own event loop: a socket whose upgrade answer has just gone out gets its
     * {@link WsConnection} in the same event-loop task, after the bytes are written, so seen from another thread it
     * could still look like plain HTTP and be cut off without a close frame.
     */
    public void closeConnections(Duration grace) {
        for (Channel channel : allChannels) {
            channel.eventLoop().execute(() -> {
                WsConnection connection = WsConnection.of(channel);
                if (connection != null) {
                    connection.close(CloseCodes.SERVICE_RESTART, "service restart");
                } else {
                    channel.close();
                }
            });
        }
        if (!allChannels.newCloseFuture().awaitUninterruptibly(grace.toMillis())) {
            allChannels.close().awaitUninterruptibly(1000);
        }
    }

    /** Releases the event loops. */
    public void shutdown() {
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
        }
        if (acceptGroup != null) {
            acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5000);
        }
    }

    public int openChannels() {
        return allChannels.size();
    }
}
