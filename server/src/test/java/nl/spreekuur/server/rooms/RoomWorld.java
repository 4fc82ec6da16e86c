package nl.spreekuur.server.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.CreateInvite;
import nl.spreekuur.protocol.v1.Hello;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.RoomInvite;
import nl.spreekuur.protocol.v1.SaveRoom;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.session.CloseCodes;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;

/**
 * An organisation with a moderating professional (anna), a professional who moderates nothing (bram) and an
 * org-admin (ada), on a real server; rooms, invites and members are made through the real protocol and HTTP API.
 */
final class RoomWorld {
    final ServicesTestServer server;
    final Organisation org;
    final Account anna;
    final Account bram;
    final Account ada;

    /** What POST /api/rooms/join answered. */
    record Joined(String token, String principalId, String participantId, String roomId, String conversationId) {
    }

    RoomWorld(ServicesTestServer server, String slug) {
        this.server = server;
        this.org = server.organisation(slug);
        this.anna = server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        this.bram = server.staff(org, "bram", "Bram", Role.PROFESSIONAL);
        this.ada = server.staff(org, "ada", "Ada Admin", Role.ORG_ADMIN);
    }

    WsPeer staff(String encoding, Account account) throws Exception {
        return server.connect(encoding, server.login(org, account.username()));
    }

    static Room.Builder room(String name, String... moderatorIds) {
        return Room.newBuilder().setName(name).setDescription("Voor wie zorgt voor een naaste")
                .addAllModeratorIds(java.util.List.of(moderatorIds));
    }

    static ClientMessage.Builder save(Room.Builder room) {
        return ClientMessage.newBuilder().setSaveRoom(SaveRoom.newBuilder().setRoom(room));
    }

    static Room saved(WsPeer moderator, Room.Builder room) throws InterruptedException {
        ServerMessage answer = moderator.call(save(room));
        assertThat(answer.hasRoom()).as("Room, got %s", answer).isTrue();
        return answer.getRoom();
    }

    static RoomInvite invite(WsPeer moderator, CreateInvite.Builder invite) throws InterruptedException {
        ServerMessage answer = moderator.call(ClientMessage.newBuilder().setCreateInvite(invite));
        assertThat(answer.hasRoomInvite()).as("RoomInvite, got %s", answer).isTrue();
        return answer.getRoomInvite();
    }

    static RoomInvite multiUseInvite(WsPeer moderator, Room room) throws InterruptedException {
        return invite(moderator, CreateInvite.newBuilder().setRoomId(room.getId()).setLabel("poster"));
    }

    ServicesTestServer.HttpAnswer joinAnswer(String code, String nickname) throws Exception {
        return server.post("/api/rooms/join", Json.write(Map.of("code", code, "nickname", nickname, "acceptHouseRules", true)));
    }

    @SuppressWarnings("unchecked")
    Joined join(String code, String nickname) throws Exception {
        ServicesTestServer.HttpAnswer answer = joinAnswer(code, nickname);
        assertThat(answer.status()).as("join answered %s", answer).isEqualTo(200);
        Map<String, Object> json = answer.json();
        Map<String, Object> room = (Map<String, Object>) json.get("room");
        return new Joined((String) json.get("token"), (String) json.get("principalId"),
                (String) json.get("participantId"), (String) room.get("id"), (String) room.get("conversationId"));
    }

    WsPeer connect(String encoding, Joined member) throws Exception {
        return server.connect(encoding, member.token());
    }

    /** The token no longer opens a connection: Hello is answered with SessionEnding and close 1008. */
    void assertRefused(String encoding, String token) throws Exception {
        try (TestWsClient ws = TestWsClient.connect(server.server().wsUri(), encoding)) {
            ws.send(ClientMessage.newBuilder().setRequestId("hello")
                    .setHello(Hello.newBuilder().setToken(token).setClient("test/1")).build());
            ServerMessage answer = ws.next();
            assertThat(answer.hasSessionEnding()).as("SessionEnding, got %s", answer).isTrue();
            assertThat(ws.awaitClose().code()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        }
    }
}
