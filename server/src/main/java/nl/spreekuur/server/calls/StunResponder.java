package nl.spreekuur.server.calls;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded STUN responder: answers STUN Binding requests (RFC 5389) on a UDP port with the sender's address as
 * XOR-MAPPED-ADDRESS, so browsers learn their server-reflexive candidate without any other server installed
 * ({@code --demo} calls work with one command on simple networks). Only that: no TURN, no authentication, no
 * state; anything that is not a well-formed Binding request (RFC 5389 magic cookie, length matching the datagram)
 * is dropped without an answer. The answer (32 or 44 bytes) is hardly larger than the request, so it is useless for
 * amplification. Nothing is logged per packet (addresses are personal data).
 *
 * <p>A small Netty handler rather than ice4j: Netty is already the server's network layer (same threads model,
 * same shutdown), a Binding answer is a few dozen bytes of fixed layout, and ice4j would add its stack, its
 * dependencies (jitsi-utils, Kotlin runtime, jitsi-metaconfig) and its own threads to the server for it. The tests use
 * ice4j's STUN codec as the independent check ({@code StunResponderTest}).
 */
public final class StunResponder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StunResponder.class);
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    static final int XOR_MAPPED_ADDRESS = 0x0020;
    static final int HEADER = 20;

    private final EventLoopGroup group;
    private final Channel channel;
    private final AtomicLong answered = new AtomicLong();

    private StunResponder(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** Binds the port (0 = any free one) on the address and starts answering. */
    public static StunResponder start(String bindAddress, int port) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("stun", true),
                NioIoHandler.newFactory());
        try {
            StunResponder[] self = new StunResponder[1];
            Channel channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                            ByteBuf answer = answer(ctx, packet);
                            if (answer != null) {
                                // counted before it goes out, so whoever got the answer also sees the count
                                self[0].answered.incrementAndGet();
                                ctx.writeAndFlush(new DatagramPacket(answer, packet.sender()));
                            }
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            log.debug("stun: {}", cause.getClass().getName());
                        }
                    })
                    .bind(new InetSocketAddress(bindAddress, port)).sync().channel();
            self[0] = new StunResponder(group, channel);
            return self[0];
        } catch (Throwable e) { // including the BindException Netty rethrows unchecked
            group.shutdownGracefully();
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    long answered() {
        return answered.get();
    }

    /** The Binding success answer to a well-formed Binding request, or null to drop the datagram. */
    static ByteBuf answer(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf in = packet.content();
        int size = in.readableBytes();
        if (size < HEADER || size > 1500) {
            return null;
        }
        int start = in.readerIndex();
        int type = in.getUnsignedShort(start);
        int length = in.getUnsignedShort(start + 2);
        if (type != BINDING_REQUEST || in.getInt(start + 4) != MAGIC_COOKIE || length % 4 != 0
                || length + HEADER != size) {
            return null;
        }
        InetSocketAddress sender = packet.sender();
        InetAddress address = sender.getAddress();
        byte[] ip = address.getAddress();
        byte[] transaction = new byte[12];
        in.getBytes(start + 8, transaction);
        ByteBuf out = ctx.alloc().buffer(HEADER + 4 + 4 + ip.length);
        out.writeShort(BINDING_SUCCESS);
        out.writeShort(4 + 4 + ip.length);
        out.writeInt(MAGIC_COOKIE);
        out.writeBytes(transaction);
        out.writeShort(XOR_MAPPED_ADDRESS);
        out.writeShort(4 + ip.length);
        out.writeByte(0);
        out.writeByte(ip.length == 4 ? 0x01 : 0x02);
        out.writeShort(sender.getPort() ^ (MAGIC_COOKIE >>> 16));
        byte[] key = new byte[16];
        key[0] = 0x21;
        key[1] = 0x12;
        key[2] = (byte) 0xA4;
        key[3] = 0x42;
        System.arraycopy(transaction, 0, key, 4, 12);
        for (int i = 0; i < ip.length; i++) {
            out.writeByte(ip[i] ^ key[i]);
        }
        return out;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully().awaitUninterruptibly();
    }
}
