package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import nl.spreekuur.protocol.v1.ChatAssigned;
import nl.spreekuur.protocol.v1.ConversationEvent;
import nl.spreekuur.protocol.v1.JoinQueueResult;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueState;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.QueueView;
import nl.spreekuur.protocol.v1.ServerMessage;
import nl.spreekuur.protocol.v1.SubscribeResult;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.store.AuditLog;
import nl.spreekuur.server.testsupport.OfficeHourServiceFixture;
import nl.spreekuur.server.testsupport.RecordingSession;

/**
 * An organisation with an org-admin on one node, and the steps the office-hour service tests are made of. The
 * clock starts on Monday 23 November 2026, 15:00 in Amsterdam; {@link #officeHour} is open Mondays 09:00-17:00.
 */
final class OfficeHourWorld implements AutoCloseable {
    /** The day the clock starts on, as statistics name it. */
    static final String MONDAY = "2026-11-23";
    /** When {@link #mondayDraft} office hours close that day: 17:00 in Amsterdam. */
    static final Instant MONDAY_CLOSING = Instant.parse("2026-11-23T16:00:00Z");

    final OfficeHourServiceFixture fx;
    final String org;
    final RecordingSession admin;

    OfficeHourWorld() {
        this(OfficeHourServiceFixture.start());
    }

    /** The world on a node of its own (e.g. on an encrypted embedded file store). */
    OfficeHourWorld(OfficeHourServiceFixture fx) {
        this.fx = fx;
        this.org = fx.organisation("buurtteam");
        this.admin = connected(fx.staff(org, "Beheer", Role.ORG_ADMIN));
    }

    RecordingSession professional(String name) {
        return connected(fx.staff(org, name, Role.PROFESSIONAL));
    }

    RecordingSession supervisor(String name) {
        return connected(fx.staff(org, name, Role.PROFESSIONAL, Role.SUPERVISOR));
    }

    RecordingSession client() {
        return connected(fx.client(org));
    }

    RecordingSession connected(RecordingSession session) {
        fx.connect(session);
        return session;
    }

    static OfficeHour.Builder mondayDraft(String slug) {
        return OfficeHour.newBuilder().setSlug(slug).setName("Chat " + slug).setTimeZone("Europe/Amsterdam")
                .addSlots(WeeklySlot.newBuilder().setDay(Weekday.MONDAY).setStart("09:00").setEnd("17:00"));
    }

    /** Saved by the org-admin through the router, served by the given professionals. */
    OfficeHour officeHour(OfficeHour.Builder draft, RecordingSession... professionals) {
        for (RecordingSession pro : professionals) {
            draft.addProfessionalIds(pro.principal().id());
        }
        return fx.ok(admin, Requests.save(draft.build())).getOfficeHour();
    }

    OfficeHour officeHour(String slug, RecordingSession... professionals) {
        return officeHour(mondayDraft(slug), professionals);
    }

    /** Saved, served by the given professionals, all of them on duty. */
    OfficeHour servedBy(OfficeHour.Builder draft, RecordingSession... professionals) {
        OfficeHour oh = officeHour(draft, professionals);
        for (RecordingSession pro : professionals) {
            onDuty(pro, oh);
        }
        return oh;
    }

    OfficeHour servedBy(String slug, RecordingSession... professionals) {
        return servedBy(mondayDraft(slug), professionals);
    }

    void onDuty(RecordingSession pro, OfficeHour oh) {
        fx.ok(pro, Requests.duty(oh.getId(), true));
    }

    JoinQueueResult tryJoin(RecordingSession client, OfficeHour oh, String nickname) {
        return fx.ok(client, Requests.join(oh.getId(), nickname, "")).getJoinQueueResult();
    }

    /** Joins and asserts admission; returns the client's first QueueStatus. */
    QueueStatus join(RecordingSession client, OfficeHour oh, String nickname, String firstQuestion) {
        JoinQueueResult result = fx.ok(client, Requests.join(oh.getId(), nickname, firstQuestion))
                .getJoinQueueResult();
        assertThat(result.getAdmitted()).as("admitted, refusal %s", result.getRefusal()).isTrue();
        return result.getStatus();
    }

    ChatAssigned claimNext(RecordingSession pro, OfficeHour oh) {
        return fx.ok(pro, Requests.claimNext(oh.getId())).getChatAssigned();
    }

    SubscribeResult subscribe(RecordingSession session, String conversationId) {
        return fx.ok(session, Requests.subscribe(conversationId)).getSubscribeResult();
    }

    static QueueStatus status(RecordingSession client, Predicate<QueueStatus> wanted) {
        return client.take(m -> m.hasQueueStatus() && wanted.test(m.getQueueStatus())).getQueueStatus();
    }

    /** The place is gone: left, expired, not served or finished. */
    static boolean ended(QueueStatus status) {
        return status.getState() != QueueState.WAITING && status.getState() != QueueState.IN_CHAT;
    }

    static QueueView view(RecordingSession staff, Predicate<QueueView> wanted) {
        return staff.take(m -> m.hasQueueView() && wanted.test(m.getQueueView())).getQueueView();
    }

    static ConversationEvent event(RecordingSession session, Predicate<ConversationEvent> wanted) {
        return session.take(m -> m.hasEvent() && wanted.test(m.getEvent())).getEvent();
    }

    /** Everything the session received so far that mentions the text anywhere (also in JSON form). */
    static List<ServerMessage> mentioning(RecordingSession session, String text) {
        return session.drain().stream().filter(m -> m.toString().contains(text)).toList();
    }

    /** The organisation's audit log up to now. */
    List<AuditLog.Entry> auditLog() {
        return fx.store().audit().list(org, Instant.EPOCH, fx.clock().instant().plusSeconds(1));
    }

    @Override
    public void close() {
        fx.close();
    }
}
