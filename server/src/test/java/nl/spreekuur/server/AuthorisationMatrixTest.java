package nl.spreekuur.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import nl.spreekuur.protocol.v1.ClaimClient;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.CreateInvite;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.JoinQueue;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SaveRoom;
import nl.spreekuur.protocol.v1.SendRoomMessage;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SetDuty;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.Sessions;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The authorisation matrix: at least 100,000 randomised requests of every request type the protocol has (read from
 * the {@code ClientMessage} descriptor, so a new capability's requests are in it the day they are added), each sent
 * by one of the identities below and aimed at objects that identity does not belong to. Every field that names an
 * object (conversation, office hour, queue entry, room, invite, participant, account, organisation) is filled with
 * a victim's id; other fields get random values of their type.
 *
 * <p>Identities: an anonymous client, a member of a group room, a professional, and an org admin (also supervisor)
 * of organisation A. Victims: organisation B's office hour, chat, room, invite and staff, and, for the client and
 * the member, also another client's chat in their own organisation A.
 *
 * <p>What must hold: every answer is an {@code Error} with one of the documented refusal codes, or a success that
 * carries nothing of a victim (the planted nicknames, texts and names never reach an attacker, in an answer or a
 * push); organisation B's objects do not even exist for them (the same request aimed at random ids gets the same
 * code, so nothing tells an existing object from a missing one); no victim's conversation, office hour, room or
 * account changed; the victims' own connections received nothing the attackers wrote. Expired and revoked tokens
 * do not get a connection at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorisationMatrixTest {
    /** Requests aimed at victims; {@code -Dauthz.attempts=N} to run a longer campaign. */
    private static final int ATTEMPTS = Integer.getInteger("authz.attempts", 100_000);
    /** Requests in flight per connection before their answers are collected. */
    private static final int BATCH = 250;
    /** Every how many attempts aimed at organisation B only the same request also goes to random ids. */
    private static final int TWIN_EVERY = 4;
    private static final Set<String> NOT_ATTEMPTED = Set.of("hello", "ping", "logout", "quick_exit");
    /** The refusal codes the protocol documents for a request that may not be done. */
    private static final Set<ErrorCode> REFUSALS = Set.of(ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND,
            ErrorCode.INVALID_ARGUMENT, ErrorCode.TOO_LARGE, ErrorCode.CONFLICT, ErrorCode.CLOSED,
            ErrorCode.LIMIT_REACHED);
    private static final String SECRET_B = "geheimb";
    private static final String SECRET_A = "geheima";
    private static final String ATTACK = "aanval";

    private ServicesTestServer server;
    private World world;

    /** The object ids of a victim, by the kind of field that names them. */
    private enum Kind { CONVERSATION, OFFICE_HOUR, QUEUE_ENTRY, ROOM, INVITE, INVITE_CODE, PARTICIPANT, ACCOUNT,
        ORGANISATION, SLUG, ANY_OBJECT }

    private record Attacker(String name, WsPeer peer, boolean seesOwnOrganisationsChats) {
    }

    private record World(Organisation orgA, Organisation orgB, Map<Kind, List<String>> victimB,
                         Map<Kind, List<String>> victimA, List<Attacker> attackers, WsPeer clientB, WsPeer proB,
                         WsPeer clientA, List<String> conversationsB, String conversationA,
                         Map<String, Long> lastSeqs, Object snapshotB) {
    }

    @BeforeAll
    void start() throws Exception {
        server = ServicesTestServer.start(Map.ofEntries(
                Map.entry("rate.messages-per-second", "1000000"), Map.entry("rate.burst", "1000000"),
                Map.entry("anonymous.address-burst", "1000"), Map.entry("officehours.join-address-burst", "100000"),
                Map.entry("officehours.offline-address-burst", "100000"),
                Map.entry("officehours.max-waiting-per-address", "100000"),
                Map.entry("login.address-burst", "1000")));
        world = buildWorld();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void noRequestReadsOrWritesWhatItsSenderDoesNotBelongTo() throws Exception {
        List<FieldDescriptor> types = requestTypes();
        SplittableRandom random = new SplittableRandom(Long.getLong("authz.seed", 20261129L));
        Map<String, Integer> perType = new HashMap<>();
        Map<ErrorCode, Integer> codes = new EnumMap<>(ErrorCode.class);
        List<String> findings = new ArrayList<>();
        int sent = 0;
        int twins = 0;
        while (sent < ATTEMPTS) {
            for (Attacker attacker : world.attackers()) {
                Map<String, Pending> batch = new LinkedHashMap<>();
                for (int i = 0; i < BATCH && sent < ATTEMPTS; i++, sent++) {
                    FieldDescriptor type = types.get(random.nextInt(types.size()));
                    boolean ownOrganisation = !attacker.seesOwnOrganisationsChats() && random.nextInt(3) == 0;
                    Map<Kind, List<String>> victims = ownOrganisation ? world.victimA() : world.victimB();
                    long seed = random.nextLong();
                    ClientMessage.Builder request = request(type, victims, new SplittableRandom(seed));
                    String id = attacker.peer().sendWithoutWaiting(request);
                    perType.merge(type.getName(), 1, Integer::sum);
                    Pending pending = new Pending(type.getName(), request.build(), null);
                    if (!ownOrganisation && sent % TWIN_EVERY == 0) {
                        // the same request (same seed, same draws) with every object id a random one
                        ClientMessage.Builder twin = request(type, missingLike(victims), new SplittableRandom(seed));
                        String twinId = attacker.peer().sendWithoutWaiting(twin);
                        batch.put(twinId, new Pending(type.getName(), twin.build(), id));
                        twins++;
                    }
                    batch.put(id, pending);
                }
                collect(attacker, batch, codes, findings);
            }
        }
        assertThat(findings).as("unauthorised reads, writes or existence leaks").isEmpty();
        assertThat(perType.keySet()).as("every request type was tried").containsExactlyInAnyOrderElementsOf(
                types.stream().map(FieldDescriptor::getName).toList());
        assertVictimsUntouched();
        System.out.printf(Locale.ROOT, "authorisation matrix: %d attempts (+%d twins at random ids) over %d request"
                + " types x %d identities; answers: %s%n", sent, twins, types.size(), world.attackers().size(), codes);
    }

    @Test
    void expiredAndRevokedTokensGetNoConnection() throws Exception {
        Account pro = server.server().store().accounts().byUsername(world.orgA().id(), "anna").orElseThrow();
        TestServer.Token expired = server.server().token(Sessions.Kind.STAFF, pro.id(), world.orgA().id(),
                Duration.ofSeconds(-1));
        TestServer.Token revoked = server.server().staffToken(pro);
        server.server().context().revocations().revoke(revoked.sessionId(), server.clock().instant().plusSeconds(60));
        for (String token : List.of(expired.token(), revoked.token(), "not-a-token")) {
            try (TestWsClient ws = TestWsClient.connect(server.server().wsUri(), TestWsClient.PROTO)) {
                ws.send(ClientMessage.newBuilder().setRequestId("h")
                        .setHello(Hello.newBuilder().setToken(token).setClient("matrix/1")).build());
                assertThat(ws.next().hasSessionEnding()).isTrue();
                assertThat(ws.awaitClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            }
        }
    }

    /** A request in flight; a twin names the original it must answer like. */
    private record Pending(String type, ClientMessage request, String twinOf) {
    }

    private void collect(Attacker attacker, Map<String, Pending> batch, Map<ErrorCode, Integer> codes,
                         List<String> findings) throws InterruptedException {
        Map<String, ServerMessage> answers = new HashMap<>();
        while (answers.size() < batch.size()) {
            ServerMessage message = attacker.peer().await("answers of " + attacker.name(), m -> true,
                    Duration.ofSeconds(30));
            if (message.getRequestId().isEmpty() || !batch.containsKey(message.getRequestId())) {
                checkNothingSecret(attacker, "push", message, findings);
                continue;
            }
            answers.put(message.getRequestId(), message);
        }
        for (Map.Entry<String, Pending> entry : batch.entrySet()) {
            Pending pending = entry.getValue();
            ServerMessage answer = answers.get(entry.getKey());
            if (answer.hasError()) {
                codes.merge(answer.getError().getCode(), 1, Integer::sum);
                if (!REFUSALS.contains(answer.getError().getCode())) {
                    findings.add(attacker.name() + " " + pending.type() + ": undocumented refusal " + answer.getError()
                            + " for " + pending.request());
                }
            } else {
                codes.merge(ErrorCode.ERROR_CODE_UNSPECIFIED, 1, Integer::sum);
                checkNothingSecret(attacker, pending.type(), answer, findings);
            }
            if (pending.twinOf() != null) {
                ServerMessage original = answers.get(pending.twinOf());
                if (original.hasError() && (!answer.hasError()
                        || answer.getError().getCode() != original.getError().getCode())) {
                    findings.add(attacker.name() + " " + pending.type() + ": an existing object of another"
                            + " organisation answers " + original.getError().getCode() + ", a missing one "
                            + (answer.hasError() ? answer.getError().getCode() : answer.getBodyCase()));
                }
            }
        }
    }

    private void checkNothingSecret(Attacker attacker, String what, ServerMessage message, List<String> findings) {
        String text = message.toString().toLowerCase(Locale.ROOT);
        if (text.contains(SECRET_B) || !attacker.seesOwnOrganisationsChats() && text.contains(SECRET_A)) {
            findings.add(attacker.name() + " " + what + ": a victim's content reached the attacker: " + message);
        }
    }

    private void assertVictimsUntouched() throws InterruptedException {
        var store = server.server().store();
        for (String conversation : world.conversationsB()) {
            List<ConversationEvent> events = store.conversations().eventsAfter(conversation, 0, 10_000);
            assertThat(events).as("no attacker wrote into " + conversation)
                    .noneMatch(e -> e.toString().toLowerCase(Locale.ROOT).contains(ATTACK));
            assertThat(store.conversations().byId(conversation).orElseThrow().lastSeq())
                    .isEqualTo(world.lastSeqs().get(conversation));
        }
        assertThat(store.conversations().byId(world.conversationA()).orElseThrow().lastSeq())
                .isEqualTo(world.lastSeqs().get(world.conversationA()));
        assertThat(snapshot(world.orgB())).as("organisation B's office hours, rooms and accounts")
                .isEqualTo(world.snapshotB());
        for (WsPeer victim : List.of(world.clientB(), world.proB(), world.clientA())) {
            assertThat(victim.unclaimed()).as("nothing an attacker wrote reached a victim")
                    .noneMatch(m -> m.toString().toLowerCase(Locale.ROOT).contains(ATTACK));
        }
    }

    private Object snapshot(Organisation org) {
        var store = server.server().store();
        return List.of(store.officeHours().byOrganisation(org.id()), store.rooms().byOrganisation(org.id()),
                store.accounts().byOrganisation(org.id()));
    }

    // --- the requests ---

    private static List<FieldDescriptor> requestTypes() {
        OneofDescriptor body = ClientMessage.getDescriptor().getOneofs().get(0);
        return body.getFields().stream().filter(f -> !NOT_ATTEMPTED.contains(f.getName())).toList();
    }

    /** A request of the type with its fields filled (built dynamically, then parsed as the generated type). */
    private static ClientMessage.Builder request(FieldDescriptor type, Map<Kind, List<String>> victims,
                                                 SplittableRandom random) {
        com.google.protobuf.DynamicMessage body = (com.google.protobuf.DynamicMessage)
                fill(type.getMessageType(), victims, random, 0);
        try {
            return ClientMessage.newBuilder().mergeFrom(com.google.protobuf.DynamicMessage
                    .newBuilder(ClientMessage.getDescriptor()).setField(type, body).build().toByteArray());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * For every victim id one of the same shape (length, and per position the same kind of character) that names
     * nothing, so a request built from the same seed draws the same and differs only in whether its objects exist.
     */
    private static Map<Kind, List<String>> missingLike(Map<Kind, List<String>> victims) {
        SplittableRandom random = new SplittableRandom();
        Map<Kind, List<String>> ids = new EnumMap<>(Kind.class);
        victims.forEach((kind, list) -> ids.put(kind, list.stream().map(id -> sameShape(id, random)).toList()));
        return ids;
    }

    private static String sameShape(String id, SplittableRandom random) {
        StringBuilder out = new StringBuilder(id.length());
        for (char c : id.toCharArray()) {
            if (Character.isDigit(c)) {
                out.append((char) ('0' + random.nextInt(10)));
            } else if (c >= 'a' && c <= 'f' && id.length() == 36) {
                out.append((char) ('a' + random.nextInt(6))); // a UUID stays a valid UUID
            } else if (Character.isLowerCase(c)) {
                out.append((char) ('a' + random.nextInt(26)));
            } else if (Character.isUpperCase(c)) {
                out.append((char) ('A' + random.nextInt(26)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Message fill(Descriptor type, Map<Kind, List<String>> victims, SplittableRandom random,
                                int depth) {
        Message.Builder builder = com.google.protobuf.DynamicMessage.newBuilder(type);
        if (type.getFullName().equals(Timestamp.getDescriptor().getFullName())) {
            return builder.setField(type.findFieldByName("seconds"), 1_800_000_000L + random.nextInt(10_000_000))
                    .build();
        }
        for (FieldDescriptor field : type.getFields()) {
            if (field.getRealContainingOneof() != null && random.nextBoolean()) {
                continue;
            }
            int count = field.isRepeated() ? random.nextInt(3) : 1;
            for (int i = 0; i < count; i++) {
                Object value = value(field, victims, random, depth);
                if (value == null) {
                    continue;
                }
                if (field.isRepeated()) {
                    builder.addRepeatedField(field, value);
                } else {
                    builder.setField(field, value);
                }
            }
        }
        return builder.build();
    }

    private static Object value(FieldDescriptor field, Map<Kind, List<String>> victims, SplittableRandom random,
                                int depth) {
        switch (field.getJavaType()) {
            case STRING:
                return text(field.getName(), victims, random);
            case BOOLEAN:
                return random.nextBoolean();
            case INT:
                return random.nextInt(-2, 60);
            case LONG:
                return (long) random.nextInt(-2, 60);
            case FLOAT:
                return (float) random.nextDouble();
            case DOUBLE:
                return random.nextDouble();
            case ENUM:
                List<EnumValueDescriptor> values = field.getEnumType().getValues();
                return values.get(random.nextInt(values.size()));
            case BYTE_STRING:
                return com.google.protobuf.ByteString.copyFromUtf8(ATTACK);
            case MESSAGE:
                if (depth >= 3) {
                    return null;
                }
                return fill(field.getMessageType(), victims, random, depth + 1);
            default:
                return null;
        }
    }

    /** A string field's value: the victim's id when the field names an object, else a word or two. */
    private static String text(String name, Map<Kind, List<String>> victims, SplittableRandom random) {
        Kind kind = kindOf(name);
        if (kind != null) {
            List<String> ids = victims.get(kind);
            return ids.get(random.nextInt(ids.size()));
        }
        if (name.equals("client_msg_id")) {
            return "m-" + random.nextInt(1_000_000);
        }
        return ATTACK + " " + Integer.toString(random.nextInt(100_000), 36);
    }

    private static Kind kindOf(String field) {
        if (field.endsWith("conversation_id") || field.endsWith("conversation_ids")) {
            return Kind.CONVERSATION;
        }
        if (field.endsWith("office_hour_id") || field.endsWith("office_hour_ids")) {
            return Kind.OFFICE_HOUR;
        }
        if (field.endsWith("queue_entry_id")) {
            return Kind.QUEUE_ENTRY;
        }
        if (field.endsWith("room_id")) {
            return Kind.ROOM;
        }
        if (field.endsWith("invite_id")) {
            return Kind.INVITE;
        }
        if (field.equals("code")) {
            return Kind.INVITE_CODE;
        }
        if (field.equals("slug")) {
            return Kind.SLUG;
        }
        if (field.endsWith("organisation_id")) {
            return Kind.ORGANISATION;
        }
        if (field.endsWith("professional_id") || field.endsWith("professional_ids") || field.endsWith("moderator_id")
                || field.endsWith("moderator_ids") || field.equals("account_id")) {
            return Kind.ACCOUNT;
        }
        if (field.equals("id")) {
            return Kind.ANY_OBJECT;
        }
        if (field.endsWith("participant_id") || field.endsWith("participant_ids") || field.endsWith("principal_id")
                || field.endsWith("sender_id")) {
            return Kind.PARTICIPANT;
        }
        return null;
    }

    // --- the world ---

    private World buildWorld() throws Exception {
        Organisation orgA = server.organisation("eigen");
        Organisation orgB = server.organisation("anders");
        Account anna = server.staff(orgA, "anna", "Anna", Role.PROFESSIONAL);
        server.staff(orgA, "ada", "Ada", Role.ORG_ADMIN, Role.SUPERVISOR, Role.PROFESSIONAL);
        Account berta = server.staff(orgB, "berta", "Berta", Role.PROFESSIONAL);
        Account boaz = server.staff(orgB, "boaz", "Boaz", Role.ORG_ADMIN, Role.SUPERVISOR);
        OfficeHour ohA = server.alwaysOpenOfficeHour(orgA, "inloop-a", anna);
        OfficeHour ohB = server.alwaysOpenOfficeHour(orgB, "inloop-b", berta);
        ohB = server.server().store().officeHours().save(ohB.toBuilder().setName("Geheimb spreekuur").build());

        WsPeer proA = server.connect(TestWsClient.PROTO, server.login(orgA, "anna"));
        WsPeer proB = server.connect(TestWsClient.JSON, server.login(orgB, "berta"));
        Chat chatA = chat(proA, ohA, orgA, "Geheimaklant", "geheima bericht over thuis");
        Chat chatB = chat(proB, ohB, orgB, "Geheimbklant", "geheimb bericht over schulden");

        // organisation B's group room with a member and a message, and its invite
        WsPeer adminB = server.connect(TestWsClient.PROTO, server.login(orgB, "boaz"));
        Room roomB = adminB.call(ClientMessage.newBuilder().setSaveRoom(SaveRoom.newBuilder().setRoom(
                Room.newBuilder().setName("Geheimb groep").setDescription("geheimb omschrijving")
                        .addModeratorIds(berta.id())))).getRoom();
        var inviteB = adminB.call(ClientMessage.newBuilder().setCreateInvite(CreateInvite.newBuilder()
                .setRoomId(roomB.getId()).setLabel("geheimb poster"))).getRoomInvite();
        Map<String, Object> memberB = join(inviteB.getCode(), "Geheimblid");
        String roomConversationB = roomConversation(memberB);
        WsPeer memberPeerB = server.connect(TestWsClient.JSON, (String) memberB.get("token"));
        memberPeerB.call(ClientMessage.newBuilder().setSendRoomMessage(SendRoomMessage.newBuilder()
                .setConversationId(roomConversationB).setClientMsgId("b-1").setText("geheimb groepsbericht")));
        memberPeerB.close();

        // organisation A's room, whose member is one of the attackers
        WsPeer adminA = server.connect(TestWsClient.JSON, server.login(orgA, "ada"));
        Room roomA = adminA.call(ClientMessage.newBuilder().setSaveRoom(SaveRoom.newBuilder().setRoom(
                Room.newBuilder().setName("Eigen groep").addModeratorIds(anna.id())))).getRoom();
        var inviteA = adminA.call(ClientMessage.newBuilder().setCreateInvite(CreateInvite.newBuilder()
                .setRoomId(roomA.getId()))).getRoomInvite();
        Map<String, Object> memberA = join(inviteA.getCode(), "Lid");

        Map<Kind, List<String>> victimB = new EnumMap<>(Kind.class);
        victimB.put(Kind.CONVERSATION, List.of(chatB.conversationId(), roomConversationB));
        victimB.put(Kind.OFFICE_HOUR, List.of(ohB.getId(), ohB.getSlug()));
        victimB.put(Kind.QUEUE_ENTRY, List.of(chatB.queueEntryId()));
        victimB.put(Kind.ROOM, List.of(roomB.getId()));
        victimB.put(Kind.INVITE, List.of(inviteB.getId()));
        victimB.put(Kind.INVITE_CODE, List.of(inviteB.getCode()));
        victimB.put(Kind.PARTICIPANT, List.of(chatB.clientParticipant(), berta.id(),
                (String) memberB.get("participantId")));
        victimB.put(Kind.ACCOUNT, List.of(berta.id(), boaz.id()));
        victimB.put(Kind.ORGANISATION, List.of(orgB.id()));
        victimB.put(Kind.SLUG, List.of(ohB.getSlug()));
        victimB.put(Kind.ANY_OBJECT, List.of(ohB.getId(), roomB.getId(), inviteB.getId(), berta.id(),
                chatB.conversationId()));
        Map<Kind, List<String>> victimA = new EnumMap<>(victimB);
        victimA.put(Kind.CONVERSATION, List.of(chatA.conversationId()));
        victimA.put(Kind.QUEUE_ENTRY, List.of(chatA.queueEntryId()));
        victimA.put(Kind.PARTICIPANT, List.of(chatA.clientParticipant(), anna.id()));
        victimA.put(Kind.ANY_OBJECT, List.of(chatA.conversationId(), chatA.queueEntryId()));

        List<Attacker> attackers = List.of(
                new Attacker("anonymous client", server.connect(TestWsClient.PROTO, server.anonymous(orgA)), false),
                new Attacker("room member", server.connect(TestWsClient.JSON, (String) memberA.get("token")), false),
                new Attacker("professional", server.connect(TestWsClient.JSON, server.login(orgA, "anna")), true),
                new Attacker("org admin", adminA, true));
        adminB.close();

        Map<String, Long> lastSeqs = new HashMap<>();
        var store = server.server().store();
        for (String conversation : List.of(chatB.conversationId(), roomConversationB, chatA.conversationId())) {
            lastSeqs.put(conversation, store.conversations().byId(conversation).orElseThrow().lastSeq());
        }
        return new World(orgA, orgB, victimB, victimA, attackers, chatB.client(), proB, chatA.client(),
                List.of(chatB.conversationId(), roomConversationB), chatA.conversationId(), lastSeqs, snapshot(orgB));
    }

    private record Chat(WsPeer client, String conversationId, String queueEntryId, String clientParticipant) {
    }

    /** A client in the office hour, picked up by the professional, who sends a message. */
    private Chat chat(WsPeer pro, OfficeHour oh, Organisation org, String nickname, String text) throws Exception {
        pro.callForAck(ClientMessage.newBuilder().setSetDuty(SetDuty.newBuilder().setOfficeHourId(oh.getId())
                .setOnDuty(true)));
        WsPeer client = server.connect(TestWsClient.PROTO, server.anonymous(org));
        var joined = client.call(ClientMessage.newBuilder().setJoinQueue(JoinQueue.newBuilder()
                .setOfficeHourId(oh.getSlug()).setNickname(nickname).setFirstQuestion(text)
                .setUseConsentDefault(true))).getJoinQueueResult();
        var assigned = pro.call(ClientMessage.newBuilder().setClaimClient(ClaimClient.newBuilder()
                .setOfficeHourId(oh.getId()))).getChatAssigned();
        var subscribed = client.subscribe(assigned.getConversationId(), 0, "");
        client.sendText(assigned.getConversationId(), "c-1", text);
        String participant = subscribed.getParticipantsList().stream()
                .filter(p -> p.getRole() == nl.spreekuur.protocol.v1.ParticipantRole.CLIENT).findFirst().orElseThrow()
                .getParticipantId();
        assertThat(joined.getAdmitted()).isTrue();
        return new Chat(client, assigned.getConversationId(), assigned.getQueueEntryId(), participant);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> join(String code, String nickname) throws Exception {
        ServicesTestServer.HttpAnswer answer = server.post("/api/rooms/join",
                Json.write(Map.of("code", code, "nickname", nickname, "acceptHouseRules", true)));
        assertThat(answer.status()).as("join: %s", answer).isEqualTo(200);
        return answer.json();
    }

    @SuppressWarnings("unchecked")
    private static String roomConversation(Map<String, Object> joined) {
        return (String) ((Map<String, Object>) joined.get("room")).get("conversationId");
    }

}
