package nl.spreekuur.server.officehours;

import java.time.Clock;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.LeaveOfflineMessage;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfflineMessage;
import nl.spreekuur.protocol.v1.OfflineMessageList;
import nl.spreekuur.server.audit.Auditor;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.store.OfflineMessages;
import nl.spreekuur.server.store.StatisticsLog.Fact;
import nl.spreekuur.server.store.Store;

/**
 * Messages left while nobody can chat (optionally with a way to be reached), read and handled by the office hour's
 * professionals. Reading them is audit-logged, since they may hold personal data; handled ones are deleted after the
 * retention period by the jobs.
 */
final class OfflineMessageDesk {
    static final int MAX_TEXT = 4000;
    static final int MAX_CONTACT = 200;

    private final Store store;
    private final OfficeHourLookup lookup;
    private final OfficeHourFacts facts;
    private final OfficeHourChanges changes;
    private final Auditor auditor;
    private final Clock clock;

    OfflineMessageDesk(Store store, OfficeHourLookup lookup, OfficeHourFacts facts, OfficeHourChanges changes,
                       Auditor auditor, Clock clock) {
        this.store = store;
        this.lookup = lookup;
        this.facts = facts;
        this.changes = changes;
        this.auditor = auditor;
        this.clock = clock;
    }

    void leave(Principal principal, LeaveOfflineMessage request) {
        OfficeHour oh = lookup.officeHour(principal.organisationId(), request.getOfficeHourId());
        String text = request.getText().strip();
        if (text.isEmpty()) {
            throw RequestException.invalid("text is required");
        }
        if (Texts.length(text) > MAX_TEXT || Texts.length(request.getContact()) > MAX_CONTACT
                || Texts.length(request.getNickname()) > ClientQueue.MAX_NICKNAME) {
            throw new RequestException(ErrorCode.TOO_LARGE, "text, contact or nickname too long");
        }
        store.offlineMessages().create(oh.getId(), oh.getOrganisationId(), request.getNickname().strip(), text,
                request.getContact().strip(), clock.instant());
        facts.count(oh, Fact.OFFLINE_MESSAGE);
        changes.publish(oh.getId());
    }

    OfflineMessageList list(Principal principal, String officeHourId, boolean includeHandled) {
        OfficeHour oh = requireOversee(principal, officeHourId);
        auditor.record(principal, "offline_message.list", "office_hour", oh.getId(), null);
        OfflineMessageList.Builder list = OfflineMessageList.newBuilder();
        for (OfflineMessages.OfflineMessage m : store.offlineMessages().byOfficeHour(oh.getId(), includeHandled)) {
            OfflineMessage.Builder b = OfflineMessage.newBuilder().setId(m.id()).setOfficeHourId(m.officeHourId())
                    .setNickname(m.nickname()).setText(m.text()).setContact(m.contact())
                    .setCreatedAt(ProtoTime.of(m.createdAt()));
            if (m.handledAt() != null) {
                b.setHandledAt(ProtoTime.of(m.handledAt())).setHandledBy(m.handledBy() == null ? "" : m.handledBy());
            }
            list.addMessages(b);
        }
        return list.build();
    }

    void handle(Principal principal, String offlineMessageId) {
        OfflineMessages.OfflineMessage m = store.offlineMessages().byId(offlineMessageId)
                .filter(x -> x.organisationId().equals(principal.organisationId()))
                .orElseThrow(() -> RequestException.notFound("offline message"));
        requireOversee(principal, m.officeHourId());
        if (!store.offlineMessages().markHandled(m.id(), principal.id(), clock.instant())) {
            throw RequestException.conflict("already handled");
        }
        auditor.record(principal, "offline_message.handle", "offline_message", m.id(), null);
        changes.publish(m.officeHourId());
    }

    private OfficeHour requireOversee(Principal principal, String officeHourId) {
        OfficeHour oh = lookup.officeHour(principal.organisationId(), officeHourId);
        OfficeHourAccess.requireMayOversee(principal, oh);
        return oh;
    }
}
