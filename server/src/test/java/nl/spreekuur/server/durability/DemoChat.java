package nl.spreekuur.server.durability;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.DemoSetup;
import nl.spreekuur.server.officehours.OfficeHourDemo;
import nl.spreekuur.server.testsupport.ServerProcess;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;

/**
 * The kill tests' chat on a {@code --demo} server: the tokens over HTTP, a client in the always-open office hour's
 * queue and claimed by the demo professional.
 */
record DemoChat(String clientToken, String proToken, String conversationId) {

    /** Something more to do with the professional's socket before the chat is handed back (may throw). */
    @FunctionalInterface
    interface ProfessionalStep {
        void run(WsPeer professional) throws Exception;
    }

    /** The chat of a client "Sam" who takes the office hour's consent default; then {@code more}. */
    static DemoChat open(ServerProcess server, ProfessionalStep more) throws Exception {
        String proToken = server.login(DemoSetup.ORGANISATION, DemoSetup.PROFESSIONAL, server.demoPassword());
        String clientToken = server.anonymous(DemoSetup.ORGANISATION);
        try (WsPeer client = WsPeer.connect(server.wsUri(), TestWsClient.PROTO, clientToken);
             WsPeer pro = WsPeer.connect(server.wsUri(), TestWsClient.JSON, proToken)) {
            String conversationId = joinAndClaim(client, pro, JoinQueue.newBuilder().setNickname("Sam")
                    .setUseConsentDefault(true));
            more.run(pro);
            return new DemoChat(clientToken, proToken, conversationId);
        }
    }

    /** The client joins the demo office hour with {@code join}'s details; the professional claims it. */
    static String joinAndClaim(WsPeer client, WsPeer pro, JoinQueue.Builder join) throws InterruptedException {
        JoinQueueResult joined = client.call(ClientMessage.newBuilder().setJoinQueue(
                join.setOfficeHourId(OfficeHourDemo.OPEN_SLUG))).getJoinQueueResult();
        assertThat(joined.getAdmitted()).as("admitted to the demo office hour").isTrue();
        ServerMessage claimed = pro.call(ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder()
                .setOfficeHourId(joined.getStatus().getOfficeHourId())
                .setQueueEntryId(joined.getStatus().getQueueEntryId())));
        assertThat(claimed.hasChatAssigned()).as("claimed: %s", claimed).isTrue();
        return claimed.getChatAssigned().getConversationId();
    }
}
