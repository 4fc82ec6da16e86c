package nl.spreekuur.loadtest.baseline;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bare-transport bound: a minimal Netty WebSocket relay with no authentication and no store. It speaks just
 * enough of the Spreekuur protocol (Hello, Subscribe with resume from memory, SendMessage → MessageAck and the
 * event to every subscriber, JoinQueue/ClaimClient as pairing, EndChat; the token endpoints hand out random
 * tokens) that every scenario runs against it unchanged. Same Netty version and transport as the server.
 *
 * <p>The <b>durable baseline</b> ({@code baseline --log FILE}) adds the least that acknowledging only what is on
 * disk takes: one file, group commit, syncs spaced like the server's ({@link DurableLog}). The bare relay bounds the
 * transport; the durable one bounds a server that keeps the promise "acknowledged = on disk".
 */
public final class BaselineServer implements AutoCloseable {
    private final EventLoopGroup accept;
    private final EventLoopGroup io;
    private final Channel channel;
    private final String host;

    private final DurableLog log;

    private BaselineServer(EventLoopGroup accept, EventLoopGroup io, Channel channel, String host, DurableLog log) {
        this.accept = accept;
        this.io = io;
        this.channel = channel;
        this.host = host;
        this.log = log;
    }

    /** The bare relay: acknowledges and relays at once, stores nothing. */
    public static BaselineServer start(String bind, int port) throws InterruptedException {
        return start(bind, port, null);
    }

    /**
     * The durable baseline when {@code logFile} is given: every event is appended to that file (created or
     * truncated) and acknowledged and relayed only after a sync covers it ({@link DurableLog}); else the bare relay.
     */
    public static BaselineServer start(String bind, int port, Path logFile) throws InterruptedException {
        DurableLog log;
        try {
            log = logFile == null ? null : new DurableLog(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the baseline's log " + logFile, e);
        }
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory handler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup accept = new MultiThreadIoEventLoopGroup(1, handler);
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(handler);
        Map<String, Room> rooms = new ConcurrentHashMap<>();
        Map<String, String> queue = new ConcurrentHashMap<>();
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder().websocketPath("/ws")
                .subprotocols("spreekuur.v1.proto,spreekuur.v1.json").checkStartsWith(true)
                .maxFramePayloadLength(65536).build();
        ServerBootstrap bootstrap = new ServerBootstrap().group(accept, io).channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new TokenEndpoints(), new WebSocketServerProtocolHandler(ws),
                                new RelayHandler(rooms, queue, log));
                    }
                });
        Channel channel = bootstrap.bind(bind, port).sync().channel();
        return new BaselineServer(accept, io, channel, bind, log);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public URI uri() {
        return URI.create("ws://" + host + ":" + port());
    }

    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        accept.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        if (log != null) {
            try {
                log.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Records the durable baseline has on disk (0 for the bare relay). */
    public long storedRecords() {
        return log == null ? 0 : log.records();
    }

    /** Syncs the durable baseline ran (0 for the bare relay). */
    public long syncs() {
        return log == null ? 0 : log.syncs();
    }
}
