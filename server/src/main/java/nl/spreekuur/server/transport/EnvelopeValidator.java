package nl.spreekuur.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.server.session.ErrorReplies;

/**
 * Envelope rules, answered here so services only see well-formed requests: an undecodable frame gets MALFORMED
 * (no request id), a message without a known body UNKNOWN_TYPE, and a missing or over-long request_id
 * (1..64 characters) INVALID_ARGUMENT. The connection stays open in every case.
 */
@ChannelHandler.Sharable
final class EnvelopeValidator extends ChannelInboundHandlerAdapter {
    static final int MAX_REQUEST_ID_LENGTH = 64;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg == UndecodableFrame.INSTANCE) {
            reply(ctx, "", ErrorCode.MALFORMED, "the frame could not be decoded");
        } else if (msg instanceof ClientMessage message) {
            if (message.getBodyCase() == ClientMessage.BodyCase.BODY_NOT_SET) {
                reply(ctx, echoableId(message), ErrorCode.UNKNOWN_TYPE, "unknown or missing message type");
            } else if (!validRequestId(message.getRequestId())) {
                reply(ctx, "", ErrorCode.INVALID_ARGUMENT, "request_id must have 1 to "
                        + MAX_REQUEST_ID_LENGTH + " characters");
            } else {
                ctx.fireChannelRead(message);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    static boolean validRequestId(String requestId) {
        return !requestId.isEmpty() && requestId.length() <= MAX_REQUEST_ID_LENGTH;
    }

    /** The request id if it may be echoed (valid), else empty. */
    static String echoableId(ClientMessage message) {
        return validRequestId(message.getRequestId()) ? message.getRequestId() : "";
    }

    private static void reply(ChannelHandlerContext ctx, String requestId, ErrorCode code, String text) {
        WsConnection connection = WsConnection.of(ctx.channel());
        if (connection != null) {
            connection.send(ErrorReplies.error(requestId, code, text));
        }
    }
}
