package nl.spreekuur.loadtest.scenario;

import nl.spreekuur.loadtest.client.Connection;

/** One running office-hour chat: the client's side and the professional's side of the conversation. */
final class Chat {
    final int index;
    final String clientToken;
    final String queueEntryId;
    final Side client;
    final Side pro;
    final Router clientRouter;
    final Desk.Professional professional;
    volatile long pickedUpMicros;
    /** Set by the first {@link Desk#end} of this chat; later calls wait for the same ending. */
    final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Void>> ending =
            new java.util.concurrent.atomic.AtomicReference<>();

    Chat(int index, String clientToken, String queueEntryId, Side client, Side pro, Router clientRouter,
         Desk.Professional professional) {
        this.index = index;
        this.clientToken = clientToken;
        this.queueEntryId = queueEntryId;
        this.client = client;
        this.pro = pro;
        this.clientRouter = clientRouter;
        this.professional = professional;
    }

    Connection clientConnection() {
        return client.connection();
    }

    long lost() {
        return client.lost() + pro.lost();
    }

    /** Sends not yet answered and acknowledged messages not yet delivered, both sides. */
    long outstanding() {
        return client.outstanding() + pro.outstanding();
    }
}
