package nl.spreekuur.loadtest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import nl.spreekuur.loadtest.client.Connection;
import nl.spreekuur.loadtest.client.MicroClock;
import nl.spreekuur.loadtest.client.ProtocolException;
import nl.spreekuur.loadtest.setup.Fixture;
import nl.spreekuur.loadtest.stats.Snapshot;
import nl.spreekuur.loadtest.stats.Stats;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.LeaveQueue;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.Unsubscribe;

/**
 * The office-hour flow every chat scenario shares: professionals log in and go on duty (one connection each,
 * which carries all their chats), clients get a token, connect, join the queue and subscribe, a professional
 * claims that exact queue entry and subscribes, and at the end the chat is ended by the client.
 */
final class Desk {
    /** A professional on duty with one connection. */
    static final class Professional {
        final Connection connection;
        final Router router;
        final AtomicInteger chats = new AtomicInteger();

        Professional(Connection connection, Router router) {
            this.connection = connection;
            this.router = router;
        }
    }

    /** A client in the queue, not yet picked up. */
    record Waiting(int index, String token, Connection connection, Router router, Side side, String queueEntryId,
                   long joinedMicros) {
    }

    private final Load load;
    private final Stats stats;
    private final List<Professional> professionals = new ArrayList<>();

    Desk(Load load) {
        this.load = load;
        this.stats = load.stats();
    }

    List<Professional> professionals() {
        return professionals;
    }

    /** Logs this slice's professionals in and puts them on duty. */
    void goOnDuty(int count, int firstIndex) throws InterruptedException {
        Fixture fixture = load.fixture();
        for (int i = 0; i < count; i++) {
            Fixture.Professional account = fixture.professionals().get((firstIndex + i) % fixture.professionals().size());
            String token = load.connector().loginStaff(i, fixture.organisation(), account.username(),
                    account.password());
            Connection connection = Load.await(load.openStaff(i, token));
            Router router = new Router(stats);
            connection.onPush(router::onPush);
            ServerMessage answer = Load.await(connection.request(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(fixture.officeHourId()).setOnDuty(true))));
            if (answer.hasError()) {
                throw new ProtocolException(answer.getError().getCode().name(), "SetDuty refused");
            }
            professionals.add(new Professional(connection, router));
        }
    }

    /** A new client: token, connection, JoinQueue, Subscribe. */
    CompletableFuture<Waiting> join(int index) {
        long joined = MicroClock.nowMicros();
        return CompletableFuture.supplyAsync(() -> load.connector().anonymousToken(index,
                load.fixture().organisation()), load.blocking()).whenComplete((token, error) -> {
                    if (error != null) {
                        stats.error("TOKEN_" + ProtocolException.codeOf(error));
                    }
                }).thenCompose(token -> joinWith(index, token, joined));
    }

    private CompletableFuture<Waiting> joinWith(int index, String token, long joined) {
        return load.open(index, token).thenCompose(connection -> {
            Router router = new Router(stats);
            connection.onPush(router::onPush);
            return connection.request(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(load.fixture().officeHourId()).setNickname("lt" + index)
                    .setUseConsentDefault(true))).thenCompose(answer -> {
                        JoinQueueResult result = answer.getJoinQueueResult();
                        if (!answer.hasJoinQueueResult() || !result.getAdmitted()) {
                            String code = answer.hasError() ? answer.getError().getCode().name()
                                    : "REFUSED_" + result.getRefusal();
                            stats.error(code);
                            connection.close();
                            throw new ProtocolException(code, "JoinQueue");
                        }
                        Side side = new Side(stats, "c" + index + "-", result.getStatus().getConversationId());
                        return side.subscribe(connection, router).thenApply(subscribed -> new Waiting(index, token,
                                connection, router, side, result.getStatus().getQueueEntryId(), joined));
                    });
        });
    }

    /** The professional claims exactly this client and subscribes. */
    CompletableFuture<Chat> claim(Professional professional, Waiting waiting) {
        professional.chats.incrementAndGet();
        return professional.connection.request(ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder()
                .setOfficeHourId(load.fixture().officeHourId()).setQueueEntryId(waiting.queueEntryId())))
                .thenCompose(answer -> {
                    if (!answer.hasChatAssigned()) {
                        professional.chats.decrementAndGet();
                        String code = Side.errorCode(answer);
                        stats.error(code);
                        throw new ProtocolException(code, "ClaimClient");
                    }
                    ChatAssigned assigned = answer.getChatAssigned();
                    Side pro = new Side(stats, "p" + waiting.index() + "-", assigned.getConversationId());
                    Side.pair(waiting.side(), pro);
                    Chat chat = new Chat(waiting.index(), waiting.token(), waiting.queueEntryId(), waiting.side(), pro,
                            waiting.router(), professional);
                    chat.pickedUpMicros = MicroClock.nowMicros();
                    stats.record(Snapshot.WAIT, chat.pickedUpMicros - waiting.joinedMicros());
                    stats.count(Stats.CHATS_STARTED);
                    return pro.subscribe(professional.connection, professional.router).thenApply(result -> chat);
                });
    }

    /**
     * The client ends the chat and goes; the professional's slot frees. Ends each chat once: a second call
     * returns the first call's ending.
     */
    CompletableFuture<Void> end(Chat chat) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!chat.ending.compareAndSet(null, mine)) {
            return chat.ending.get();
        }
        endNow(chat).whenComplete((done, error) -> mine.complete(null));
        return mine;
    }

    private CompletableFuture<Void> endNow(Chat chat) {
        Connection client = chat.clientConnection();
        return client.request(ClientMessage.newBuilder().setEndChat(EndChat.newBuilder()
                .setConversationId(chat.client.conversationId()))).handle((answer, error) -> {
                    if (error != null) {
                        stats.error("END_" + ProtocolException.codeOf(error));
                    } else if (answer.hasError()) {
                        stats.error(answer.getError().getCode().name());
                    } else {
                        stats.count(Stats.CHATS_ENDED);
                    }
                    chat.professional.connection.request(ClientMessage.newBuilder().setUnsubscribe(
                            Unsubscribe.newBuilder().setConversationId(chat.pro.conversationId())));
                    chat.professional.router.remove(chat.pro);
                    chat.professional.chats.decrementAndGet();
                    client.close();
                    return null;
                });
    }

    /** A client that was never picked up leaves the queue. */
    CompletableFuture<Void> leave(Waiting waiting) {
        return waiting.connection().request(ClientMessage.newBuilder().setLeaveQueue(LeaveQueue.newBuilder()
                .setQueueEntryId(waiting.queueEntryId()))).handle((answer, error) -> {
                    waiting.connection().close();
                    return null;
                });
    }

    /** Off duty and closed. */
    void goOffDuty() {
        for (Professional professional : professionals) {
            try {
                Load.await(professional.connection.request(ClientMessage.newBuilder().setSetDuty(SetDuty.newBuilder()
                        .setOfficeHourId(load.fixture().officeHourId()).setOnDuty(false))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ProtocolException e) {
                stats.error("OFF_DUTY_" + e.code());
            }
            professional.connection.close();
        }
    }
}
