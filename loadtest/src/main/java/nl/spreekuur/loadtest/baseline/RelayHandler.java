package nl.spreekuur.loadtest.baseline;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.spreekuur.protocol.json.WireJson;
import nl.spreekuur.protocol.v1.Ack;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEnded;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.EndReason;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.MessageAck;
import nl.spreekuur.protocol.v1.Pong;
import nl.spreekuur.protocol.v1.PrincipalKind;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.protocol.v1.TextMessage;

/**
 * The baseline's protocol, per connection: after Hello (any token, or a new session: a random token) it relays.
 * Rooms are created on first use; JoinQueue makes a room and ClaimClient hands that room to the claimer — pairing
 * only, no queue semantics.
 * JSON frames use the server's codec ({@link WireJson}), so the comparison is not skewed by cheaper or dearer JSON.
 * With a {@link DurableLog} (the durable baseline) a message's ack and its events go out only once the event is on
 * disk, as the server's do.
 */
final class RelayHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final AttributeKey<Boolean> JSON = AttributeKey.valueOf("baseline.json");

    private final Map<String, Room> rooms;
    private final Map<String, String> queue;
    /** The durable baseline's log, or null: acknowledge and relay at once. */
    private final DurableLog log;
    private final Set<Room> subscribed = new HashSet<>();
    private boolean helloDone;

    RelayHandler(Map<String, Room> rooms, Map<String, String> queue, DurableLog log) {
        this.rooms = rooms;
        this.queue = queue;
        this.log = log;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
            ctx.channel().attr(JSON).set("spreekuur.v1.json".equals(handshake.selectedSubprotocol()));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
        ClientMessage message;
        try {
            if (frame instanceof BinaryWebSocketFrame) {
                message = ClientMessage.parseFrom(ByteBufUtil.getBytes(frame.content()));
            } else if (frame instanceof TextWebSocketFrame) {
                byte[] utf8 = ByteBufUtil.getBytes(frame.content());
                message = WireJson.decodeClient(utf8, 0, utf8.length);
            } else {
                return;
            }
        } catch (InvalidProtocolBufferException e) {
            ctx.close();
            return;
        }
        handle(ctx.channel(), message);
    }

    private void handle(Channel channel, ClientMessage message) {
        ServerMessage.Builder answer = ServerMessage.newBuilder().setRequestId(message.getRequestId());
        if (!helloDone) {
            if (!message.hasHello()) {
                channel.close();
                return;
            }
            helloDone = true;
            HelloOk.Builder ok = HelloOk.newBuilder().setPrincipalId(UUID.randomUUID().toString())
                    .setKind(PrincipalKind.ANONYMOUS_CLIENT).setHeartbeatSeconds(20).setMaxFrameBytes(65536)
                    .setServerVersion(nl.spreekuur.loadtest.setup.OrgAdmin.BASELINE_VERSION);
            if (message.getHello().hasNewAnonymousSession()) {
                ok.setToken(UUID.randomUUID().toString());
            }
            send(channel, answer.setHelloOk(ok).build());
            return;
        }
        switch (message.getBodyCase()) {
            case PING -> send(channel, answer.setPong(Pong.getDefaultInstance()).build());
            case SUBSCRIBE -> subscribe(channel, message, answer);
            case UNSUBSCRIBE -> {
                Room room = rooms.get(message.getUnsubscribe().getConversationId());
                if (room != null) {
                    room.unsubscribe(channel);
                    subscribed.remove(room);
                }
                send(channel, answer.setAck(Ack.getDefaultInstance()).build());
            }
            case SEND_MESSAGE -> {
                var send = message.getSendMessage();
                Room room = room(send.getConversationId());
                long now = System.currentTimeMillis();
                Timestamp sentAt = Timestamp.newBuilder().setSeconds(now / 1000)
                        .setNanos((int) (now % 1000) * 1_000_000).build();
                // appended and written under the room's lock, so every subscriber gets the events in seq order
                synchronized (room) {
                    Room.Appended appended = room.append(ConversationEvent.newBuilder().setSentAt(sentAt)
                            .setClientMsgId(send.getClientMsgId())
                            .setText(TextMessage.newBuilder().setText(send.getText())));
                    ServerMessage ack = answer.setMessageAck(MessageAck.newBuilder().setConversationId(room.id)
                            .setClientMsgId(send.getClientMsgId()).setSeq(appended.event().getSeq())
                            .setSentAt(sentAt)).build();
                    stored(appended, () -> {
                        send(channel, ack);
                        broadcast(appended);
                    });
                }
            }
            case JOIN_QUEUE -> {
                String conversation = UUID.randomUUID().toString();
                String entry = UUID.randomUUID().toString();
                queue.put(entry, conversation);
                send(channel, answer.setJoinQueueResult(JoinQueueResult.newBuilder().setAdmitted(true)
                        .setStatus(QueueStatus.newBuilder().setQueueEntryId(entry).setConversationId(conversation)
                                .setOfficeHourId(message.getJoinQueue().getOfficeHourId())
                                .setState(QueueState.WAITING).setPosition(1))).build());
            }
            case CLAIM_CLIENT -> {
                String entry = message.getClaimClient().getQueueEntryId();
                String conversation = queue.remove(entry);
                send(channel, answer.setChatAssigned(ChatAssigned.newBuilder().setQueueEntryId(entry)
                        .setConversationId(conversation == null ? "" : conversation)
                        .setOfficeHourId(message.getClaimClient().getOfficeHourId())).build());
            }
            case END_CHAT -> {
                Room room = room(message.getEndChat().getConversationId());
                ServerMessage ack = answer.setAck(Ack.getDefaultInstance()).build();
                synchronized (room) {
                    Room.Appended ended = room.append(ConversationEvent.newBuilder()
                            .setEnded(ConversationEnded.newBuilder().setReason(EndReason.ENDED_BY_CLIENT)));
                    stored(ended, () -> {
                        send(channel, ack);
                        broadcast(ended);
                    });
                }
            }
            default -> send(channel, answer.setAck(Ack.getDefaultInstance()).build());
        }
    }

    private void subscribe(Channel channel, ClientMessage message, ServerMessage.Builder answer) {
        var subscribe = message.getSubscribe();
        Room room = room(subscribe.getConversationId());
        synchronized (room) {
            long since = subscribe.getSinceSeq();
            boolean recovered = subscribe.getEpoch().isEmpty() ? since == 0 && room.firstSeq() <= 1
                    : subscribe.getEpoch().equals(room.epoch) && room.firstSeq() - 1 <= since
                    && since <= room.lastSeq();
            List<ConversationEvent> replay = room.subscribe(channel, recovered ? since : 0);
            subscribed.add(room);
            send(channel, answer.setSubscribeResult(SubscribeResult.newBuilder().setConversationId(room.id)
                    .setEpoch(room.epoch).setRecovered(recovered).setFirstSeq(room.firstSeq())
                    .setLastSeq(room.lastSeq())).build());
            for (ConversationEvent event : replay) {
                send(channel, ServerMessage.newBuilder().setEvent(event).build());
            }
        }
    }

    /**
     * Runs {@code then} once the event is stored: at once without a log, else on the log's thread after the sync
     * that covers it. Called under the room's lock, so a room's events reach the log, and their callbacks run, in
     * seq order.
     */
    private void stored(Room.Appended appended, Runnable then) {
        if (log == null) {
            then.run();
        } else {
            log.append(appended.event().toByteArray(), then);
        }
    }

    private Room room(String id) {
        return rooms.computeIfAbsent(id, Room::new);
    }

    /** Sends to every subscriber, encoding once per encoding. */
    private void broadcast(Room.Appended appended) {
        ServerMessage push = ServerMessage.newBuilder().setEvent(appended.event()).build();
        byte[] binary = null;
        String json = null;
        for (Channel to : appended.to()) {
            if (Boolean.TRUE.equals(to.attr(JSON).get())) {
                json = json == null ? print(push) : json;
                write(to, new TextWebSocketFrame(json));
            } else {
                binary = binary == null ? push.toByteArray() : binary;
                write(to, new BinaryWebSocketFrame(Unpooled.wrappedBuffer(binary)));
            }
        }
    }

    private static void send(Channel channel, ServerMessage message) {
        if (Boolean.TRUE.equals(channel.attr(JSON).get())) {
            write(channel, new TextWebSocketFrame(print(message)));
        } else {
            write(channel, new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message.toByteArray())));
        }
    }

    /**
     * Every write goes through the target's event loop queue, also from that loop itself: a direct write from the
     * loop would overtake writes other threads queued earlier and break seq order.
     */
    private static void write(Channel channel, WebSocketFrame frame) {
        channel.eventLoop().execute(() -> channel.writeAndFlush(frame));
    }

    private static String print(ServerMessage message) {
        try {
            return WireJson.encodeServer(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        subscribed.forEach(room -> room.unsubscribe(ctx.channel()));
        subscribed.clear();
        super.channelInactive(ctx);
    }
}
