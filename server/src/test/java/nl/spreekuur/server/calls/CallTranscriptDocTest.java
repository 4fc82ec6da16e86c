package nl.spreekuur.server.calls;

import static nl.spreekuur.server.calls.CallPeers.ANSWER;
import static nl.spreekuur.server.calls.CallPeers.CANDIDATE;
import static nl.spreekuur.server.calls.CallPeers.OFFER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallRinging;
import nl.spreekuur.protocol.v1.CallSession;
import nl.spreekuur.protocol.v1.CancelCall;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.CreateInvite;
import nl.spreekuur.protocol.v1.DeclineCall;
import nl.spreekuur.protocol.v1.EndCall;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.protocol.v1.QuickExit;
import nl.spreekuur.protocol.v1.RenewIceServers;
import nl.spreekuur.protocol.v1.ReportCallConnected;
import nl.spreekuur.protocol.v1.Room;
import nl.spreekuur.protocol.v1.SaveRoom;
import nl.spreekuur.protocol.v1.SetCallMedia;
import nl.spreekuur.server.http.Json;
import nl.spreekuur.server.store.Accounts.Account;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.OpenChat;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.TestClock;
import nl.spreekuur.server.testsupport.TestWsClient;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.Test;

/**
 * docs/protocol.md, section 11 "Chat to video, complete": every frame shown there is a frame the server really
 * sends or receives in the JSON encoding. This test runs the same story against a real server (test clock from
 * 2026-11-23 14:03 UTC), records every text frame of each person, and checks each line of the section's transcripts
 * against them: the doc's {@code …} stands for any text, ids are the ones this run made (mapped onto the 8-character
 * ids the doc shows), tokens and TURN passwords are compared by their place only. Within one transcript block a
 * person's requests must come in the order they were sent, and what they received after the request before it (the
 * answer and the events it caused may arrive in either order). Run it again after changing the story and copy the
 * frames it reports as missing.
 */
class CallTranscriptDocTest {
    private static final String JSON = TestWsClient.JSON;
    private static final Pattern UUID = Pattern.compile(
            "([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SECRET = Pattern.compile("\"(token|credential)\":\"[^\"]{6}[^\"]*\"");
    private static final Pattern LINE = Pattern.compile("^(\\w+) ([→←]) (\\{.*?\\})(\\s{2,}\\(.*\\))?$");

    /** The ids of the run the doc's frames were copied from, which this run's ids are mapped onto. */
    private static final String DOC_CHAT = "e279a9e5";
    private static final String DOC_PRO = "af7a9b94";
    private static final String DOC_SAM = "ac7fbfb7";
    private static final List<String> DOC_CALLS = List.of("7476c520", "9e149a66", "8849e014", "a76d7df7", "4f68cf90");
    private static final String DOC_ROOM_CHAT = "3813cdf0";

    private final Map<String, List<String>> frames = new LinkedHashMap<>();
    private final Map<String, String> ids = new LinkedHashMap<>();

    @Test
    void theCallTranscriptsOfTheProtocolAreRealFrames() throws Exception {
        recordChatToVideo();
        recordFullMeeting();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (List<String> block : transcriptBlocks()) {
            Map<String, Integer> next = new LinkedHashMap<>();
            for (String line : block) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                String who = m.group(1);
                Pattern frame = docPattern(m.group(2) + " " + m.group(3));
                List<String> recorded = frames.getOrDefault(who, List.of());
                int from = next.getOrDefault(who, 0);
                int found = -1;
                for (int i = from; i < recorded.size() && found < 0; i++) {
                    if (frame.matcher(recorded.get(i)).matches()) {
                        found = i;
                    }
                }
                checked++;
                if (found < 0) {
                    missing.add(line);
                } else if (m.group(2).equals("→")) {
                    // what a person receives after a request may come in either order (answer, events, pushes)
                    next.put(who, found + 1);
                }
            }
        }
        assertThat(checked).as("transcript lines found in the section").isGreaterThan(40);
        assertThat(missing).as("doc lines with no such frame (in this order); recorded: %s", frames).isEmpty();
    }

    /** The pro and the client in an office-hour chat: the call story of the section, step by step. */
    private void recordChatToVideo() throws Exception {
        try (ServicesTestServer server = ServicesTestServer.start(Map.of(
                "jobs.interval-seconds", "0.2",
                "calls.stun-urls", "stun:localhost:3478",
                "calls.turn-urls", "turn:turn.example.nl:3478?transport=udp,turn:turn.example.nl:3478?transport=tcp,"
                        + "turns:turn.example.nl:443?transport=tcp",
                "calls.turn-secret", "doc-secret"), b -> b.clock(TestClock.at("2026-11-23T14:03:00Z")));
             OpenChat chat = OpenChat.open(server, JSON, JSON)) {
            WsPeer pro = chat.pro();
            WsPeer sam = chat.client();
            ids.put(chat.conversationId().substring(0, 8), DOC_CHAT);
            CallSession started = CallPeers.start(pro, chat.conversationId());
            String callId = started.getCall().getCallId();
            String proId = started.getYourParticipantId();
            List<String> calls = new ArrayList<>(List.of(callId));
            CallPeers.update(sam, CallChange.PARTICIPANT_INVITED);
            server.clock().advance(Duration.ofSeconds(2));
            sam.callForAck(ClientMessage.newBuilder().setCallRinging(CallRinging.newBuilder().setCallId(callId)));
            server.clock().advance(Duration.ofSeconds(9));
            CallSession accepted = CallPeers.accept(sam, callId, MediaState.newBuilder().setCameraOff(true).build());
            String samId = accepted.getYourParticipantId();
            ids.put(proId.substring(0, 8), DOC_PRO);
            ids.put(samId.substring(0, 8), DOC_SAM);
            CallPeers.update(pro, CallChange.PARTICIPANT_ACCEPTED);
            server.clock().advance(Duration.ofSeconds(40));
            pro.callForAck(CallPeers.admit(callId, samId));
            CallPeers.update(sam, CallChange.PARTICIPANT_ADMITTED);
            sam.callForAck(CallPeers.offer(callId, proId, OFFER));
            CallPeers.signal(pro);
            pro.callForAck(CallPeers.answer(callId, samId, ANSWER));
            CallPeers.signal(sam);
            sam.callForAck(CallPeers.candidate(callId, proId, CANDIDATE));
            CallPeers.signal(pro);
            server.clock().advance(Duration.ofSeconds(1));
            sam.callForAck(ClientMessage.newBuilder().setReportCallConnected(
                    ReportCallConnected.newBuilder().setCallId(callId)));
            CallPeers.update(pro, CallChange.PARTICIPANT_CONNECTED);
            server.clock().advance(Duration.ofSeconds(60));
            sam.callForAck(ClientMessage.newBuilder().setSetCallMedia(SetCallMedia.newBuilder().setCallId(callId)
                    .setMedia(MediaState.newBuilder().setAudioMuted(true).setCameraOff(true))));
            CallPeers.update(pro, CallChange.MEDIA_CHANGED);
            pro.call(CallPeers.startRequest(chat.conversationId()));
            sam.call(CallPeers.offer(callId, proId, "hello"));
            server.clock().advance(Duration.ofSeconds(30));
            sam.call(ClientMessage.newBuilder().setRenewIceServers(RenewIceServers.newBuilder().setCallId(callId)));

            sam.close();
            List<String> samFrames = new ArrayList<>(sam.textFrames());
            try (WsPeer again = server.connect(JSON, chat.clientToken())) {
                OpenChat.consumeReplay(again, again.subscribe(chat.conversationId(), 0, ""));
                CallPeers.join(again, chat.conversationId());
                CallPeers.update(pro, CallChange.PARTICIPANT_RECONNECTED);
                again.callForAck(CallPeers.offer(callId, proId, OFFER.replace("EsGb", "k3Qz")));
                CallPeers.signal(pro);
                server.clock().advance(Duration.ofMinutes(17));
                pro.callForAck(ClientMessage.newBuilder().setEndCall(EndCall.newBuilder().setCallId(callId)));
                CallPeers.update(again, CallChange.CALL_FINISHED);

                String declined = CallPeers.start(pro, chat.conversationId()).getCall().getCallId();
                CallPeers.update(again, CallChange.PARTICIPANT_INVITED, declined);
                again.callForAck(ClientMessage.newBuilder().setDeclineCall(
                        DeclineCall.newBuilder().setCallId(declined)));
                CallPeers.update(pro, CallChange.CALL_FINISHED, declined);

                String unanswered = CallPeers.start(pro, chat.conversationId()).getCall().getCallId();
                CallPeers.update(again, CallChange.PARTICIPANT_INVITED, unanswered);
                server.clock().advance(Duration.ofSeconds(31));
                CallPeers.update(pro, CallChange.CALL_FINISHED, unanswered);

                String cancelled = CallPeers.start(pro, chat.conversationId()).getCall().getCallId();
                CallPeers.update(again, CallChange.PARTICIPANT_INVITED, cancelled);
                pro.callForAck(ClientMessage.newBuilder().setCancelCall(CancelCall.newBuilder()
                        .setCallId(cancelled)));
                CallPeers.update(again, CallChange.CALL_FINISHED, cancelled);

                String exited = CallPeers.start(pro, chat.conversationId()).getCall().getCallId();
                CallPeers.update(again, CallChange.PARTICIPANT_INVITED, exited);
                again.call(ClientMessage.newBuilder().setQuickExit(QuickExit.getDefaultInstance()));
                CallPeers.update(pro, CallChange.CALL_FINISHED, exited);
                pro.await("the chat's end", m -> m.hasEvent() && m.getEvent().hasEnded());
                calls.addAll(List.of(declined, unanswered, cancelled, exited));
                samFrames.addAll(again.textFrames());
            }
            for (int i = 0; i < calls.size(); i++) {
                ids.put(calls.get(i).substring(0, 8), DOC_CALLS.get(i));
            }
            server.staff(chat.org(), "bram", "Bram Jansen", Role.PROFESSIONAL);
            try (WsPeer eve = server.connect(JSON, server.login(chat.org(), "bram"))) {
                eve.call(CallPeers.offer(callId, proId, OFFER));
                frames.put("eve", eve.textFrames());
            }
            frames.put("pro", pro.textFrames());
            frames.put("sam", samFrames);
        }
    }

    /** A room meeting with six in it (the default mesh limit): one more member is refused. */
    private void recordFullMeeting() throws Exception {
        try (ServicesTestServer server = ServicesTestServer.start(Map.of(),
                b -> b.clock(TestClock.at("2026-11-23T14:03:00Z")))) {
            var org = server.organisation("demo");
            Account anna = server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
            List<WsPeer> members = new ArrayList<>();
            try (WsPeer moderator = server.connect(JSON, server.login(org, "anna"))) {
                Room room = moderator.call(ClientMessage.newBuilder().setSaveRoom(SaveRoom.newBuilder().setRoom(
                        Room.newBuilder().setName("Mantelzorgers").addModeratorIds(anna.id())))).getRoom();
                String conversationId = room.getConversationId();
                ids.put(conversationId.substring(0, 8), DOC_ROOM_CHAT);
                String code = moderator.call(ClientMessage.newBuilder().setCreateInvite(CreateInvite.newBuilder()
                        .setRoomId(room.getId()))).getRoomInvite().getCode();
                CallPeers.start(moderator, conversationId);
                for (String name : List.of("Els", "Piet", "Joop", "Mieke", "Jan", "Ben")) {
                    ServicesTestServer.HttpAnswer joined = server.post("/api/rooms/join",
                            Json.write(Map.of("code", code, "nickname", name)));
                    WsPeer member = server.connect(JSON, (String) joined.json().get("token"));
                    members.add(member);
                    member.subscribe(conversationId, 0, "");
                    member.call(CallPeers.joinRequest(conversationId));
                }
                frames.put("ben", members.get(members.size() - 1).textFrames());
            } finally {
                members.forEach(WsPeer::close);
            }
        }
        frames.replaceAll((who, list) -> list.stream().map(this::normalise).toList());
    }

    /** This run's frame as the doc would show it: ids shortened and mapped, secrets reduced to their place. */
    private String normalise(String frame) {
        String shortened = UUID.matcher(frame).replaceAll("$1");
        for (Map.Entry<String, String> id : ids.entrySet()) {
            shortened = shortened.replace(id.getKey(), id.getValue());
        }
        return SECRET.matcher(shortened).replaceAll("\"$1\":\"######…\"");
    }

    /** A doc line as a pattern: its {@code …} stands for any text; secrets as in {@link #normalise}. */
    private static Pattern docPattern(String docFrame) {
        String text = SECRET.matcher(docFrame).replaceAll("\"$1\":\"######…\"");
        StringBuilder regex = new StringBuilder();
        for (String part : text.split("…", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** The {@code text} code blocks of "Chat to video, complete", each as its lines. */
    private static List<List<String>> transcriptBlocks() throws Exception {
        List<String> lines = Files.readAllLines(protocolDoc());
        int start = lines.indexOf("### Chat to video, complete");
        int end = lines.indexOf("### Group rooms: the online meeting");
        assertThat(start).as("section found").isPositive();
        List<List<String>> blocks = new ArrayList<>();
        List<String> block = null;
        for (String line : lines.subList(start, end)) {
            if (line.equals("```text")) {
                block = new ArrayList<>();
            } else if (line.equals("```") && block != null) {
                blocks.add(block);
                block = null;
            } else if (block != null) {
                block.add(line);
            }
        }
        return blocks;
    }

    /** Maven runs tests in server/, an IDE perhaps in the repository root: look upwards. */
    private static Path protocolDoc() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path doc = dir.resolve("docs/protocol.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException("docs/protocol.md not found above " + Path.of("").toAbsolutePath());
    }
}
