package nl.spreekuur.server.testsupport;

import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;

/**
 * A client and a professional in an open office-hour chat, reached over real sockets the way the apps do it:
 * tokens from HTTP, SetDuty, JoinQueue, ClaimClient, and both subscribed from seq 0 with the replay consumed.
 * Closing it closes both sockets.
 *
 * @param clientToken   the anonymous client's token (to reconnect with)
 * @param clientEpoch   the conversation epoch from the client's SubscribeResult (to resume with)
 * @param clientLastSeq the last seq the client has received
 */
public record OpenChat(Organisation org, Account professional, OfficeHour officeHour, String clientToken,
                       WsPeer client, WsPeer pro, String conversationId, String queueEntryId, String clientEpoch,
                       long clientLastSeq) implements AutoCloseable {

    public static final String NICKNAME = "Sam";
    public static final String PROFESSIONAL_NAME = "Anna de Vries";

    public static OpenChat open(ServicesTestServer server, String clientEncoding, String proEncoding)
            throws Exception {
        Organisation org = server.organisation("demo");
        Account anna = server.staff(org, "anna", PROFESSIONAL_NAME, Role.PROFESSIONAL);
        OfficeHour oh = server.alwaysOpenOfficeHour(org, "inloop", anna);
        WsPeer pro = server.connect(proEncoding, server.login(org, "anna"));
        WsPeer client = null;
        try {
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(oh.getId()).setOnDuty(true)));
            String clientToken = server.anonymous(org);
            client = server.connect(clientEncoding, clientToken);
            ServerMessage joined = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                    .setOfficeHourId(oh.getSlug()).setNickname(NICKNAME).setUseConsentDefault(true)));
            JoinQueueResult result = joined.getJoinQueueResult();
            if (!result.getAdmitted()) {
                throw new AssertionError("not admitted: " + joined);
            }
            ServerMessage claimed = pro.call(ClientMessage.newBuilder().setClaimClient(
                    ClaimClient.newBuilder().setOfficeHourId(oh.getId())));
            ChatAssigned assigned = claimed.getChatAssigned();
            if (!assigned.getConversationId().equals(result.getStatus().getConversationId())) {
                throw new AssertionError("claimed something else: " + claimed);
            }
            String conversationId = assigned.getConversationId();
            SubscribeResult clientSub = client.subscribe(conversationId, 0, "");
            consumeReplay(client, clientSub);
            consumeReplay(pro, pro.subscribe(conversationId, 0, ""));
            return new OpenChat(org, anna, oh, clientToken, client, pro, conversationId, assigned.getQueueEntryId(),
                    clientSub.getEpoch(), clientSub.getLastSeq());
        } catch (Exception | AssertionError e) {
            pro.close();
            if (client != null) {
                client.close();
            }
            throw e;
        }
    }

    /** Takes the replayed events up to the SubscribeResult's last seq, checking they come in order. */
    public static void consumeReplay(WsPeer peer, SubscribeResult result) throws InterruptedException {
        for (long seq = result.getFirstSeq(); seq >= 1 && seq <= result.getLastSeq(); seq++) {
            ConversationEvent event = peer.nextEvent(result.getConversationId());
            if (event.getSeq() != seq) {
                throw new AssertionError("replay out of order: expected seq " + seq + ", got " + event);
            }
        }
    }

    @Override
    public void close() {
        client.close();
        pro.close();
    }
}
