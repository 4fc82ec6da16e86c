package nl.spreekuur.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.EndChat;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetHistory;
import nl.spreekuur.protocol.v1.HandleOfflineMessage;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.LeaveOfflineMessage;
import nl.spreekuur.protocol.v1.ListOfflineMessages;
import nl.spreekuur.protocol.v1.Logout;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfflineMessage;
import nl.spreekuur.protocol.v1.QuickExit;
import nl.spreekuur.protocol.v1.SaveAccount;
import nl.spreekuur.protocol.v1.SendMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.protocol.v1.SetTranscriptConsent;
import nl.spreekuur.protocol.v1.StopSupervising;
import nl.spreekuur.protocol.v1.Supervise;
import nl.spreekuur.protocol.v1.TransferChat;
import nl.spreekuur.protocol.v1.Typing;
import nl.spreekuur.protocol.v1.UpdateFirstQuestion;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.StandardErrorCapture;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.Test;

/**
 * The log never holds what people wrote or what lets someone act as them: a real server with the production
 * {@link Services}, logging at DEBUG for {@code nl.spreekuur} (src/test/resources/simplelogger.properties), goes
 * through a whole office-hour day with marker strings as nickname, first question, chat texts, transfer note,
 * offline message and contact, staff passwords and all tokens, plus the errors around them (malformed and oversized
 * frames, wrong tokens, writing to an ended chat, a store outage). Afterwards none of the markers may be in what the
 * server wrote to standard error, nor in any Error the clients received.
 */
class LogPrivacyTest {
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    /** Name of the secret → its value, so a failure says what leaked. */
    private final Map<String, String> secrets = new LinkedHashMap<>();
    /** The message of every Error answer the scenario received (they must not quote content either). */
    private final List<String> errorTexts = new ArrayList<>();

    @Test
    void nothingPrivateReachesTheLogAtAnyLevel() throws Exception {
        String log;
        try (StandardErrorCapture err = StandardErrorCapture.start()) {
            try (ServicesTestServer server = ServicesTestServer.start(Map.of("jobs.interval-seconds", "0.2"))) {
                new Scenario(server).run();
            }
            log = err.text();
        }

        assertThat(log).as("the capture works: the server's start is in it").contains("started in");
        assertThat(log).as("DEBUG lines of nl.spreekuur are written and captured")
                .contains("DEBUG nl.spreekuur.server.transport.HelloStage");
        assertThat(log).as("the store outage was logged (by type)").contains("store unavailable while handling");
        assertThat(secrets).hasSizeGreaterThan(20);
        // Netty's channel names carry the remote address ("R:/127.0.0.1:54321"); none of its lines may appear
        assertThat(log).as("no client address (Netty channel names)").doesNotContain("R:/").doesNotContain("L:/");
        assertThat(linesHoldingSecrets(log.lines().toList())).as("log lines holding secrets").isEmpty();
        assertThat(linesHoldingSecrets(errorTexts)).as("Error messages holding secrets").isEmpty();
    }

    /** Name of each secret found → the lines it is in. */
    private Map<String, List<String>> linesHoldingSecrets(List<String> lines) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        secrets.forEach((name, value) -> {
            List<String> holding = lines.stream().filter(line -> line.contains(value)).toList();
            if (!holding.isEmpty()) {
                found.put(name, holding);
            }
        });
        return found;
    }

    private String secret(String name, String value) {
        secrets.put(name, value);
        return value;
    }

    /** Unique per run, so only a leak can put it in the log. */
    private String marker(String name) {
        return secret(name, name.replace(' ', '-') + "-" + RUN);
    }

    /** A token, and its start: a shortened token in a log line would leak it as well. */
    private String token(String name, String value) {
        secret(name + " (first 12 characters)", value.substring(0, 12));
        return secret(name, value);
    }

    private final class Scenario {
        private final ServicesTestServer server;
        private final Organisation org;

        Scenario(ServicesTestServer server) {
            this.server = server;
            this.org = server.organisation("demo");
        }

        void run() throws Exception {
            String annaPassword = marker("anna password");
            String supervisorPassword = marker("supervisor password");
            String adminPassword = marker("admin password");
            Account anna = staffWithPassword("anna", annaPassword, Role.PROFESSIONAL);
            staffWithPassword("sanne", supervisorPassword, Role.PROFESSIONAL, Role.SUPERVISOR);
            staffWithPassword("beheer", adminPassword, Role.ORG_ADMIN);
            refusedLogins();

            try (WsPeer admin = server.connect(TestWsClient.JSON, token("admin token",
                    server.login(org.slug(), "beheer", adminPassword)))) {
                String bramId = accountCreatedOverTheSocket(admin);
                OfficeHour oh = server.alwaysOpenOfficeHour(org, "inloop", anna,
                        server.server().store().accounts().byId(bramId).orElseThrow());
                try (WsPeer pro = server.connect(TestWsClient.PROTO, token("anna token",
                        server.login(org.slug(), "anna", annaPassword)));
                     WsPeer colleague = server.connect(TestWsClient.JSON, token("bram token",
                             server.login(org.slug(), "bram", secrets.get("bram password"))));
                     WsPeer supervisor = server.connect(TestWsClient.PROTO, token("supervisor token",
                             server.login(org.slug(), "sanne", supervisorPassword)))) {
                    onDuty(pro, oh);
                    onDuty(colleague, oh);
                    String chat = chatUntilItEnds(oh, pro, colleague, supervisor, bramId);
                    offlineMessage(oh, pro);
                    quickExit(oh);
                    refusedTokens(oh);
                    transcriptPurged(chat);
                    groupRoom(pro, anna);
                    supervisor.callForAck(ClientMessage.newBuilder().setLogout(Logout.getDefaultInstance()));
                    storeOutage(pro, oh);
                }
            }
        }

        /**
         * A group room: a nickname refused and one accepted, an unknown invite code, a member's token, messages,
         * a reply, an edit, a reaction, a delete, a mute, a removal and the room's deletion, each with markers.
         */
        private void groupRoom(WsPeer pro, Account anna) throws Exception {
            nl.spreekuur.protocol.v1.Room room = pro.call(ClientMessage.newBuilder().setSaveRoom(
                    nl.spreekuur.protocol.v1.SaveRoom.newBuilder().setRoom(nl.spreekuur.protocol.v1.Room.newBuilder()
                            .setName(marker("room name")).setDescription(marker("room description"))
                            .addModeratorIds(anna.id())))).getRoom();
            String code = secret("invite code", pro.call(ClientMessage.newBuilder().setCreateInvite(
                    nl.spreekuur.protocol.v1.CreateInvite.newBuilder().setRoomId(room.getId())
                            .setLabel(marker("invite label")))).getRoomInvite().getCode());
            assertThat(join(code, "Moderator " + marker("imitating nickname")).status()).isEqualTo(400);
            assertThat(join(marker("unknown invite code"), "Els").status()).isEqualTo(404);
            String nickname = marker("room nickname");
            ServicesTestServer.HttpAnswer joined = join(code, nickname);
            assertThat(joined.status()).isEqualTo(200);
            String conv = room.getConversationId();
            String memberToken = token("member token", (String) joined.json().get("token"));
            String participant = (String) joined.json().get("participantId");
            pro.subscribe(conv, 0, "");
            try (WsPeer member = server.connect(TestWsClient.PROTO, memberToken)) {
                member.subscribe(conv, 0, "");
                long seq = member.sendText(conv, "r-1", marker("room text")).getSeq();
                assertThat(member.call(ClientMessage.newBuilder().setSendRoomMessage(
                        nl.spreekuur.protocol.v1.SendRoomMessage.newBuilder().setConversationId(conv)
                                .setClientMsgId("r-2").setText(marker("room reply")).setReplyToSeq(seq)))
                        .hasMessageAck()).isTrue();
                assertThat(member.call(ClientMessage.newBuilder().setEditMessage(
                        nl.spreekuur.protocol.v1.EditMessage.newBuilder().setConversationId(conv)
                                .setClientMsgId("r-3").setSeq(seq).setText(marker("room edit")))).hasMessageAck())
                        .isTrue();
                assertThat(error(member, ClientMessage.newBuilder().setReact(nl.spreekuur.protocol.v1.React
                        .newBuilder().setConversationId(conv).setClientMsgId("r-4").setSeq(seq)
                        .setEmoji(marker("emoji"))))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(member.call(ClientMessage.newBuilder().setDeleteMessage(
                        nl.spreekuur.protocol.v1.DeleteMessage.newBuilder().setConversationId(conv)
                                .setClientMsgId("r-5").setSeq(seq))).hasMessageAck()).isTrue();
                pro.callForAck(ClientMessage.newBuilder().setMuteMember(nl.spreekuur.protocol.v1.MuteMember
                        .newBuilder().setRoomId(room.getId()).setParticipantId(participant)
                        .setDurationSeconds(3600).setReason(marker("mute reason"))));
                assertThat(error(member, ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder()
                        .setConversationId(conv).setClientMsgId("r-6").setText(marker("muted text")))))
                        .isEqualTo(ErrorCode.FORBIDDEN);
                pro.callForAck(ClientMessage.newBuilder().setRemoveMember(nl.spreekuur.protocol.v1.RemoveMember
                        .newBuilder().setRoomId(room.getId()).setParticipantId(participant)
                        .setReason(marker("removal reason"))));
                member.awaitClose();
            }
            pro.callForAck(ClientMessage.newBuilder().setDeleteRoom(nl.spreekuur.protocol.v1.DeleteRoom.newBuilder()
                    .setRoomId(room.getId()).setReason(marker("deletion reason"))));
        }

        private ServicesTestServer.HttpAnswer join(String code, String nickname) throws Exception {
            return server.post("/api/rooms/join", nl.spreekuur.server.http.Json.write(Map.of("code", code,
                    "nickname", nickname, "acceptHouseRules", true)));
        }

        private Account staffWithPassword(String username, String password, Role... roles) {
            String hash = server.server().context().passwords().hash(password.toCharArray());
            return server.server().store().accounts().create(org.id(), username, "Staff " + username, hash,
                    Set.of(roles));
        }

        private void refusedLogins() throws Exception {
            assertThat(server.loginAnswer(org.slug(), "anna", marker("wrong password")).status()).isEqualTo(401);
            assertThat(server.loginAnswer(org.slug(), "niemand", marker("unknown user's password")).status())
                    .isEqualTo(401);
            String broken = "{\"organisation\":\"demo\",\"username\":\"anna\",\"password\":\""
                    + marker("password in a broken body") + "\"";
            assertThat(server.post("/api/login", broken).status()).isEqualTo(400);
        }

        private String accountCreatedOverTheSocket(WsPeer admin) throws InterruptedException {
            nl.spreekuur.protocol.v1.Account.Builder bram = nl.spreekuur.protocol.v1.Account.newBuilder()
                    .setUsername("bram").setDisplayName("Bram Bakker")
                    .addRoles(nl.spreekuur.protocol.v1.Role.ROLE_PROFESSIONAL);
            assertThat(error(admin, ClientMessage.newBuilder().setSaveAccount(SaveAccount.newBuilder()
                    .setAccount(bram).setPassword(secret("too short password", "k" + RUN)))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            ServerMessage saved = admin.call(ClientMessage.newBuilder().setSaveAccount(SaveAccount.newBuilder()
                    .setAccount(bram).setPassword(marker("bram password"))));
            assertThat(saved.hasAccount()).as("account saved: %s", saved).isTrue();
            return saved.getAccount().getId();
        }

        private void onDuty(WsPeer pro, OfficeHour oh) throws InterruptedException {
            pro.callForAck(ClientMessage.newBuilder().setSetDuty(
                    SetDuty.newBuilder().setOfficeHourId(oh.getId()).setOnDuty(true)));
        }

        /** Queue, claim, chat, supervision, transfer with a note, end; then writes to the ended chat. */
        private String chatUntilItEnds(OfficeHour oh, WsPeer pro, WsPeer colleague, WsPeer supervisor,
                                       String colleagueId) throws Exception {
            String clientToken = token("client token", server.anonymous(org));
            try (WsPeer client = server.connect(TestWsClient.JSON, clientToken)) {
                assertThat(error(client, join(oh, marker("nickname that is far too long for the queue")
                        + "x".repeat(40), ""))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                assertThat(error(client, join(oh, "Sam", marker("first question too long") + "x".repeat(2000))))
                        .isEqualTo(ErrorCode.TOO_LARGE);
                JoinQueueResult joined = client.call(join(oh, marker("nickname"), marker("first question")))
                        .getJoinQueueResult();
                assertThat(joined.getAdmitted()).isTrue();
                client.callForAck(ClientMessage.newBuilder().setUpdateFirstQuestion(UpdateFirstQuestion.newBuilder()
                        .setQueueEntryId(joined.getStatus().getQueueEntryId())
                        .setFirstQuestion(marker("edited first question"))));

                ChatAssigned assigned = pro.call(ClientMessage.newBuilder().setClaimClient(
                        ClaimClient.newBuilder().setOfficeHourId(oh.getId()))).getChatAssigned();
                String chat = assigned.getConversationId();
                assertThat(assigned.getFirstQuestion()).isEqualTo(secrets.get("edited first question"));
                assertThat(error(client, ClientMessage.newBuilder().setUpdateFirstQuestion(UpdateFirstQuestion
                        .newBuilder().setQueueEntryId(joined.getStatus().getQueueEntryId())
                        .setFirstQuestion(marker("first question edited too late")))))
                        .isEqualTo(ErrorCode.CONFLICT);
                OpenChat.consumeReplay(client, client.subscribe(chat, 0, ""));
                OpenChat.consumeReplay(pro, pro.subscribe(chat, 0, ""));

                client.sendText(chat, "c1", marker("client chat text"));
                client.callForAck(ClientMessage.newBuilder().setTyping(Typing.newBuilder().setConversationId(chat)
                        .setTyping(true)));
                pro.sendText(chat, "p1", marker("professional chat text"));
                assertThat(error(client, send(chat, "c2", marker("oversized chat text") + "x".repeat(4000))))
                        .isEqualTo(ErrorCode.TOO_LARGE);
                assertThat(error(client, send("no-such-conversation", "c3", marker("text to an unknown chat"))))
                        .isIn(ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN);
                malformedFrames(clientToken);
                pro.call(ClientMessage.newBuilder().setGetHistory(GetHistory.newBuilder().setConversationId(chat)));

                supervisor.callForAck(ClientMessage.newBuilder().setSupervise(Supervise.newBuilder()
                        .setConversationId(chat)));
                supervisor.callForAck(ClientMessage.newBuilder().setStopSupervising(StopSupervising.newBuilder()
                        .setConversationId(chat)));

                assertThat(error(pro, transfer(chat, colleagueId, marker("oversized transfer note")
                        + "x".repeat(2000)))).isEqualTo(ErrorCode.TOO_LARGE);
                pro.callForAck(transfer(chat, colleagueId, marker("transfer note")));
                ServerMessage assignedToColleague = colleague.await("ChatAssigned by transfer",
                        ServerMessage::hasChatAssigned);
                assertThat(assignedToColleague.getChatAssigned().getNotes(0).getText())
                        .isEqualTo(secrets.get("transfer note"));

                client.callForAck(ClientMessage.newBuilder().setSetTranscriptConsent(SetTranscriptConsent
                        .newBuilder().setConversationId(chat).setConsent(false)));
                OpenChat.consumeReplay(colleague, colleague.subscribe(chat, 0, ""));
                colleague.sendText(chat, "b1", marker("colleague chat text"));
                colleague.callForAck(ClientMessage.newBuilder().setEndChat(EndChat.newBuilder()
                        .setConversationId(chat)));
                assertThat(error(client, send(chat, "c4", marker("text to an ended chat"))))
                        .isNotEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
                return chat;
            }
        }

        /** Frames that do not decode, are of the wrong type or too big, each carrying a marker. */
        private void malformedFrames(String clientToken) throws Exception {
            try (TestWsClient json = TestWsClient.connect(server.server().wsUri(), TestWsClient.JSON)) {
                json.hello(clientToken);
                json.sendText("{\"requestId\":\"m1\",\"sendMessage\":{\"text\":\"" + marker("text in broken JSON")
                        + "\",,}");
                assertThat(errorOf(nextError(json))).isEqualTo(ErrorCode.MALFORMED);
                json.send(ClientMessage.newBuilder().setRequestId("h2").setHello(Hello.newBuilder()
                        .setToken(clientToken)).build());
                assertThat(errorOf(nextError(json))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                json.sendText("{\"sendMessage\":{\"text\":\"" + marker("text in an oversized frame")
                        + "x".repeat(70_000) + "\"}}");
                assertThat(json.awaitClose().code()).isEqualTo(CloseCodes.TOO_BIG);
            }
            try (TestWsClient proto = TestWsClient.connect(server.server().wsUri(), TestWsClient.PROTO)) {
                proto.hello(clientToken);
                byte[] text = marker("text in broken protobuf").getBytes(StandardCharsets.UTF_8);
                byte[] broken = new byte[text.length + 1];
                broken[0] = 0x07; // field 0, wire type 7: no valid message starts like this
                System.arraycopy(text, 0, broken, 1, text.length);
                proto.sendBinary(broken);
                assertThat(errorOf(nextError(proto))).isEqualTo(ErrorCode.MALFORMED);
                proto.sendText("{\"sendMessage\":{\"text\":\"" + marker("text in a frame of the wrong type")
                        + "\"}}");
                assertThat(proto.awaitClose().code()).isEqualTo(CloseCodes.WRONG_FRAME_TYPE);
            }
        }

        private void offlineMessage(OfficeHour oh, WsPeer pro) throws Exception {
            try (WsPeer visitor = server.connect(TestWsClient.PROTO, token("offline visitor token",
                    server.anonymous(org)))) {
                assertThat(error(visitor, leaveOffline(oh, "x", marker("oversized offline message")
                        + "x".repeat(4000), ""))).isEqualTo(ErrorCode.TOO_LARGE);
                visitor.callForAck(leaveOffline(oh, marker("offline nickname"), marker("offline message"),
                        marker("offline contact")));
            }
            List<OfflineMessage> listed = pro.call(ClientMessage.newBuilder().setListOfflineMessages(
                    ListOfflineMessages.newBuilder().setOfficeHourId(oh.getId()))).getOfflineMessages()
                    .getMessagesList();
            assertThat(listed).extracting(OfflineMessage::getContact).containsExactly(secrets.get("offline contact"));
            pro.callForAck(ClientMessage.newBuilder().setHandleOfflineMessage(HandleOfflineMessage.newBuilder()
                    .setOfflineMessageId(listed.get(0).getId())));
        }

        private void quickExit(OfficeHour oh) throws Exception {
            try (WsPeer leaving = server.connect(TestWsClient.JSON, token("quick-exit client token",
                    server.anonymous(org)))) {
                assertThat(leaving.call(join(oh, marker("quick-exit nickname"), marker("quick-exit question")))
                        .getJoinQueueResult().getAdmitted()).isTrue();
                leaving.callForAck(ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance()));
                assertThat(leaving.awaitClose().code()).isEqualTo(CloseCodes.NORMAL);
            }
        }

        private void refusedTokens(OfficeHour oh) throws Exception {
            String wrong = token("made-up token", marker("made-up token") + "-abcdefghijklmnopqrstuvwxyz");
            try (TestWsClient ws = TestWsClient.connect(server.server().wsUri(), TestWsClient.JSON)) {
                ws.send(ClientMessage.newBuilder().setRequestId("hello").setHello(Hello.newBuilder().setToken(wrong))
                        .build());
                assertThat(ws.awaitClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            }
            String statistics = "/api/admin/office-hours/" + oh.getId() + "/statistics?from=2026-11-01&to=2026-11-30";
            assertThat(server.get(statistics, wrong).status()).isEqualTo(401);
            assertThat(server.get(statistics, secrets.get("admin token")).status()).isEqualTo(200);
            assertThat(server.post("/api/logout", "").status()).isEqualTo(401);
        }

        /** Without consent the chat's content goes shortly after the end; the job that does it logs. */
        private void transcriptPurged(String chat) {
            server.clock().advance(Duration.ofMinutes(11));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    server.server().store().conversations().eventsAfter(chat, 0, 100).isEmpty());
        }

        /** The store goes away: requests, logins and new connections fail, and their failures are logged. */
        private void storeOutage(WsPeer pro, OfficeHour oh) throws Exception {
            String waitingToken = token("token used during the outage", server.anonymous(org));
            server.server().store().close();
            assertThat(error(pro, send("any-chat", "p9", marker("text during the outage"))))
                    .isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(error(pro, leaveOffline(oh, "x", marker("offline message during the outage"), "")))
                    .isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(server.loginAnswer(org.slug(), "anna", marker("password during the outage")).status())
                    .isGreaterThanOrEqualTo(500);
            try (TestWsClient ws = TestWsClient.connect(server.server().wsUri(), TestWsClient.PROTO)) {
                ws.send(ClientMessage.newBuilder().setRequestId("hello").setHello(Hello.newBuilder()
                        .setToken(waitingToken)).build());
                assertThat(errorOf(nextError(ws))).isEqualTo(ErrorCode.UNAVAILABLE);
            }
        }

        private ClientMessage.Builder join(OfficeHour oh, String nickname, String firstQuestion) {
            return ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder().setOfficeHourId(oh.getSlug())
                    .setNickname(nickname).setFirstQuestion(firstQuestion).setTranscriptConsent(true));
        }

        private ClientMessage.Builder send(String chat, String clientMsgId, String text) {
            return ClientMessage.newBuilder().setSendMessage(SendMessage.newBuilder().setConversationId(chat)
                    .setClientMsgId(clientMsgId).setText(text));
        }

        private ClientMessage.Builder transfer(String chat, String to, String note) {
            return ClientMessage.newBuilder().setTransferChat(TransferChat.newBuilder().setConversationId(chat)
                    .setToProfessionalId(to).setNote(note));
        }

        private ClientMessage.Builder leaveOffline(OfficeHour oh, String nickname, String text, String contact) {
            return ClientMessage.newBuilder().setLeaveOfflineMessage(LeaveOfflineMessage.newBuilder()
                    .setOfficeHourId(oh.getId()).setNickname(nickname).setText(text).setContact(contact));
        }

        private ErrorCode error(WsPeer peer, ClientMessage.Builder request) throws InterruptedException {
            return errorOf(peer.call(request));
        }

        /** The next Error on a raw socket; pushes for the client (e.g. its queue status) may come first. */
        private ServerMessage nextError(TestWsClient ws) throws InterruptedException {
            while (true) {
                ServerMessage message = ws.next();
                if (message.hasError()) {
                    return message;
                }
            }
        }

        private ErrorCode errorOf(ServerMessage answer) {
            assertThat(answer.hasError()).as("expected an Error, got %s", answer).isTrue();
            errorTexts.add(answer.getError().getMessage());
            return answer.getError().getCode();
        }
    }
}
