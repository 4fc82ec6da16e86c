package nl.spreekuur.server;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.Error;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.HelloOk;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.session.Application;
import nl.spreekuur.server.session.ClientSession;

/**
 * The application of a server core without services: connections authenticate, Ping/Logout work (the transport
 * answers those), and every other request gets UNKNOWN_TYPE. Used until the services are plugged in through
 * {@link SpreekuurServer#defaultApplicationFactory()}.
 */
final class NoServicesApplication implements Application {

    @Override
    public HelloOk onAuthenticated(ClientSession session) {
        return HelloOk.getDefaultInstance();
    }

    @Override
    public void onMessage(ClientSession session, ClientMessage message) {
        session.send(ServerMessage.newBuilder()
                .setRequestId(message.getRequestId())
                .setError(Error.newBuilder()
                        .setCode(ErrorCode.UNKNOWN_TYPE)
                        .setMessage("no service handles " + message.getBodyCase())
                        .setRequestId(message.getRequestId()))
                .build());
    }

    @Override
    public void onDisconnected(ClientSession session) {
    }
}
