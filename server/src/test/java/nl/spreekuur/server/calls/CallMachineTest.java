package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import nl.spreekuur.protocol.v1.CallChange;
import nl.spreekuur.protocol.v1.CallEndReason;
import nl.spreekuur.protocol.v1.CallMode;
import nl.spreekuur.protocol.v1.CallParticipantState;
import nl.spreekuur.protocol.v1.CallState;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.MediaState;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.server.calls.CallMachine.Binding;
import nl.spreekuur.server.calls.CallMachine.Change;
import nl.spreekuur.server.calls.CallMachine.Person;
import nl.spreekuur.server.calls.CallMachine.Step;
import nl.spreekuur.server.session.ConnectionAddress;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.Calls.Call;
import nl.spreekuur.server.testsupport.TestClock;
import org.junit.jupiter.api.Test;

/** The call state machine alone, with a test clock: every transition, end reason and refusal. */
class CallMachineTest {
    private final TestClock clock = new TestClock();
    private final CallMachine machine = new CallMachine(clock, Duration.ofSeconds(30), 3);
    private static final MediaState NONE = MediaState.getDefaultInstance();
    private final Person pro = new Person("acc-pro", "p-pro", ParticipantRole.PROFESSIONAL, "Anna");
    private final Person kim = new Person("client-kim", "p-kim", ParticipantRole.CLIENT, "Kim");
    private final Person mod = new Person("acc-mod", "p-mod", ParticipantRole.MODERATOR, "Mo");

    private Binding binding(String connection) {
        return new Binding(new ConnectionAddress("node", connection), null);
    }

    private Call direct() {
        return machine.start("call", "org", "conv", CallMode.CALL_DIRECT, pro, NONE, binding("c-pro"), List.of(kim),
                null).call();
    }

    private static List<CallChange> changes(Step step) {
        return step.changes().stream().map(Change::change).toList();
    }

    private static CallParticipantState state(Call call, Person p) {
        return call.member(p.principalId()).orElseThrow().state();
    }

    private static ErrorCode refused(Runnable action) {
        try {
            action.run();
        } catch (RequestException e) {
            return e.code();
        }
        throw new AssertionError("not refused");
    }

    private static Person member(int i) {
        return new Person("m" + i, "p-m" + i, ParticipantRole.MEMBER, "Lid " + i);
    }

    @Test
    void aDirectCallRingsIsAcceptedIntoTheLobbyAdmittedAndConnected() {
        Step started = machine.start("call", "org", "conv", CallMode.CALL_DIRECT, pro, NONE, binding("c-pro"),
                List.of(kim), null);
        assertThat(changes(started)).containsExactly(CallChange.CALL_STARTED, CallChange.PARTICIPANT_INVITED);
        Call call = started.call();
        assertThat(call.state()).isEqualTo(CallState.CALL_STATE_RINGING);
        assertThat(call.ringDeadline()).isEqualTo(clock.instant().plusSeconds(30));
        assertThat(state(call, kim)).isEqualTo(CallParticipantState.CALL_INVITED);
        assertThat(started.changes().get(1).after().member(kim.principalId())).isPresent();

        call = machine.ringing(call, kim).call();
        assertThat(state(call, kim)).isEqualTo(CallParticipantState.CALL_RINGING);
        assertThat(machine.ringing(call, kim).changes()).as("ringing twice changes nothing").isEmpty();
        Step accepted = machine.accept(call, kim, MediaState.newBuilder().setCameraOff(true).build(), binding("c-kim"));
        call = accepted.call();
        assertThat(changes(accepted)).containsExactly(CallChange.PARTICIPANT_ACCEPTED);
        assertThat(call.state()).isEqualTo(CallState.CALL_STATE_ACTIVE);
        assertThat(call.ringDeadline()).isNull();
        assertThat(state(call, kim)).isEqualTo(CallParticipantState.CALL_IN_LOBBY);
        assertThat(call.member(kim.principalId()).orElseThrow().cameraOff()).isTrue();
        assertThat(call.member(kim.principalId()).orElseThrow().connectionId()).isEqualTo("c-kim");
        Call lobby = call;
        assertThat(refused(() -> machine.connected(lobby, kim))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused(() -> machine.admit(lobby, kim, kim.participantId()))).isEqualTo(ErrorCode.FORBIDDEN);

        call = machine.admit(call, pro, kim.participantId()).call();
        assertThat(state(call, kim)).isEqualTo(CallParticipantState.CALL_ADMITTED);
        Call admitted = call;
        assertThat(refused(() -> machine.admit(admitted, pro, kim.participantId()))).isEqualTo(ErrorCode.CONFLICT);
        call = machine.connected(call, kim).call();
        assertThat(state(call, kim)).isEqualTo(CallParticipantState.CALL_CONNECTED);
        assertThat(machine.connected(call, kim).changes()).isEmpty();
        Step muted = machine.media(call, kim, MediaState.newBuilder().setAudioMuted(true).setCameraOff(true).build());
        assertThat(changes(muted)).containsExactly(CallChange.MEDIA_CHANGED);
        assertThat(muted.call().member(kim.principalId()).orElseThrow().audioMuted()).isTrue();

        clock.advance(Duration.ofMinutes(5));
        Step ended = machine.end(muted.call(), pro);
        assertThat(changes(ended)).containsExactly(CallChange.CALL_FINISHED);
        assertThat(ended.call().endReason()).isEqualTo(CallEndReason.CALL_END_BY_HOST);
        assertThat(ended.call().endedAt()).isEqualTo(clock.instant());
        assertThat(state(ended.call(), kim)).isEqualTo(CallParticipantState.CALL_LEFT);
        assertThat(refused(() -> machine.media(ended.call(), kim, NONE))).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void declineNoAnswerAndCancelEndARingingCall() {
        Step declined = machine.decline(direct(), kim);
        assertThat(changes(declined)).containsExactly(CallChange.PARTICIPANT_DECLINED, CallChange.CALL_FINISHED);
        assertThat(declined.call().endReason()).isEqualTo(CallEndReason.CALL_END_DECLINED);

        Call ringing = direct();
        clock.advance(Duration.ofSeconds(29));
        assertThat(machine.timeout(ringing).changes()).as("not yet").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        Step timedOut = machine.timeout(ringing);
        assertThat(changes(timedOut)).containsExactly(CallChange.PARTICIPANT_TIMED_OUT, CallChange.CALL_FINISHED);
        assertThat(timedOut.call().endReason()).isEqualTo(CallEndReason.CALL_END_NO_ANSWER);
        assertThat(state(timedOut.call(), kim)).isEqualTo(CallParticipantState.CALL_TIMED_OUT);
        assertThat(refused(() -> machine.accept(timedOut.call(), kim, NONE, binding("k")))).isEqualTo(ErrorCode.CONFLICT);

        Call another = direct();
        assertThat(refused(() -> machine.cancel(another, kim))).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(machine.cancel(another, pro).call().endReason()).isEqualTo(CallEndReason.CALL_END_CANCELLED);
        Call active = machine.accept(direct(), kim, NONE, binding("k")).call();
        assertThat(refused(() -> machine.cancel(active, pro))).isEqualTo(ErrorCode.CONFLICT);
    }

    @Test
    void leavingQuickExitAndRemovalEndOrThinTheCall() {
        Call active = machine.admit(machine.accept(direct(), kim, NONE, binding("k")).call(), pro,
                kim.participantId()).call();
        Step left = machine.leave(active, kim.principalId(), false);
        assertThat(changes(left)).containsExactly(CallChange.PARTICIPANT_LEFT, CallChange.CALL_FINISHED);
        assertThat(left.call().endReason()).isEqualTo(CallEndReason.CALL_END_EVERYONE_LEFT);
        Step quick = machine.leave(active, kim.principalId(), true);
        assertThat(quick.call().endReason()).isEqualTo(CallEndReason.CALL_END_QUICK_EXIT);
        assertThat(quick.changes().get(0).actorPrincipalId()).as("done by the server").isNull();
        assertThat(machine.leave(active, pro.principalId(), false).call().endReason())
                .as("the host leaves a direct call").isEqualTo(CallEndReason.CALL_END_EVERYONE_LEFT);
        assertThat(machine.leave(active, "stranger", false).changes()).isEmpty();

        Step removed = machine.remove(active, pro, kim.participantId());
        assertThat(state(removed.call(), kim)).isEqualTo(CallParticipantState.CALL_REMOVED);
        assertThat(removed.call().isEnded()).isTrue();
        assertThat(refused(() -> machine.remove(active, pro, "p-nobody"))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(machine.conversationEnded(active, true).call().endReason())
                .isEqualTo(CallEndReason.CALL_END_QUICK_EXIT);
        assertThat(machine.conversationEnded(active, false).call().endReason())
                .isEqualTo(CallEndReason.CALL_END_CONVERSATION_ENDED);
    }

    @Test
    void aMeetingTakesMembersUpToTheMeshLimitAndARemovedOneCannotReturn() {
        Call meeting = machine.start("m", "org", "room-conv", CallMode.CALL_MEETING, mod, NONE, binding("c-mod"),
                List.of(member(1)), null).call();
        assertThat(meeting.state()).isEqualTo(CallState.CALL_STATE_ACTIVE);
        assertThat(meeting.members()).as("a meeting invites nobody").hasSize(1);
        Step one = machine.join(meeting, member(1), NONE, binding("c1"));
        assertThat(changes(one)).containsExactly(CallChange.PARTICIPANT_JOINED);
        Call two = machine.join(one.call(), member(2), NONE, binding("c2")).call();
        assertThat(refused(() -> machine.join(two, member(3), NONE, binding("c3")))).isEqualTo(ErrorCode.LIMIT_REACHED);
        assertThatThrownBy(() -> machine.join(two, member(3), NONE, binding("c3")))
                .hasMessage("the call is full (at most 3 participants)");

        Step reconnect = machine.join(two, member(1), NONE, binding("c1-new"));
        assertThat(changes(reconnect)).containsExactly(CallChange.PARTICIPANT_RECONNECTED);
        assertThat(reconnect.call().member("m1").orElseThrow().connectionId()).isEqualTo("c1-new");
        assertThat(state(reconnect.call(), member(1))).isEqualTo(CallParticipantState.CALL_ADMITTED);

        Call removed = machine.remove(two, mod, "p-m2").call();
        assertThat(refused(() -> machine.join(removed, member(2), NONE, binding("c2")))).isEqualTo(ErrorCode.FORBIDDEN);
        Call three = machine.join(removed, member(3), NONE, binding("c3")).call();
        Call left = machine.leave(three, "m1", false).call();
        Call back = machine.join(left, member(1), NONE, binding("c1")).call();
        assertThat(state(back, member(1))).as("a member may come back").isEqualTo(CallParticipantState.CALL_ADMITTED);
        Call emptied = machine.leave(machine.leave(machine.leave(back, "m1", false).call(), "m3", false).call(),
                mod.principalId(), false).call();
        assertThat(emptied.endReason()).isEqualTo(CallEndReason.CALL_END_EVERYONE_LEFT);
    }

    @Test
    void aConsultClientArrivingFirstWaitsInTheLobbyUntilTheProfessionalComes() {
        Step started = machine.startByClient("c", "org", "consult-conv", pro, kim, NONE, binding("k"), "consult-1");
        assertThat(changes(started)).containsExactly(CallChange.CALL_STARTED, CallChange.PARTICIPANT_WAITING);
        Call call = started.call();
        assertThat(call.ringDeadline()).as("the professional does not time out").isNull();
        assertThat(state(call, kim)).isEqualTo(CallParticipantState.CALL_IN_LOBBY);
        assertThat(state(call, pro)).isEqualTo(CallParticipantState.CALL_INVITED);
        Step joined = machine.join(call, pro, NONE, binding("p"));
        assertThat(changes(joined)).containsExactly(CallChange.PARTICIPANT_JOINED);
        Call admitted = machine.admit(joined.call(), pro, kim.participantId()).call();
        Call left = machine.leave(admitted, kim.principalId(), false).call();
        assertThat(left.isEnded()).isTrue();
        Person stranger = new Person("s", "p-s", ParticipantRole.CLIENT, "S");
        Call office = direct();
        assertThat(refused(() -> machine.join(office, stranger, NONE, binding("s")))).isEqualTo(ErrorCode.FORBIDDEN);
    }
}
