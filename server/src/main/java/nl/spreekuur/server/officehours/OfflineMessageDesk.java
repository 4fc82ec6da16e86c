package nl.spreekuur.server.officehours;

import java.util.List;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.LeaveOfflineMessage;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.OfflineMessage;
import nl.spreekuur.protocol.v1.OfflineMessageList;
import nl.spreekuur.server.auth.Principal;
import nl.spreekuur.server.session.RequestException;
import nl.spreekuur.server.schedule.Schedule;
import nl.spreekuur.server.store.OfflineMessages;
import nl.spreekuur.server.store.StatisticsLog.Fact;
import nl.spreekuur.server.store.ProtoTime;
import nl.spreekuur.server.session.Texts;

/**
 * Messages left while nobody can chat (optionally with a way to be reached), read and handled by the office hour's
 * professionals. Reading them is audit-logged, since they may hold personal data; handled ones are deleted after the
 * retention period by the jobs.
 */
final class OfflineMessageDesk {
    static final int MAX_TEXT = 4000;
    static final int MAX_CONTACT = 200;

    private final OfficeHourContext ctx;

    OfflineMessageDesk(OfficeHourContext ctx) {
        this.ctx = ctx;
    }

    void leave(Principal principal, LeaveOfflineMessage request) {
        OfficeHour oh = ctx.lookup().officeHour(principal.organisationId(), request.getOfficeHourId());
        String text = request.getText().strip();
        if (text.isEmpty()) {
            throw RequestException.invalid("text is required");
        }
        if (Texts.length(text) > MAX_TEXT || Texts.length(request.getContact()) > MAX_CONTACT
                || Texts.length(request.getNickname()) > ClientQueue.MAX_NICKNAME) {
            throw new RequestException(ErrorCode.TOO_LARGE, "text, contact or nickname too long");
        }
        // The nickname is optional here; when given it follows the same rule as in the queue.
        String nickname = request.getNickname().isBlank() ? "" : ClientQueue.nickname(request.getNickname());
        ctx.store().offlineMessages().create(oh.getId(), oh.getOrganisationId(), nickname, text,
                request.getContact().strip(), ctx.clock().instant());
        ctx.facts().count(oh, Fact.OFFLINE_MESSAGE, Schedule.of(oh).isOpen(ctx.clock().instant()) ? 0 : 1);
        ctx.changes().publish(oh.getId());
    }

    OfflineMessageList list(Principal principal, String officeHourId, boolean includeHandled) {
        OfficeHour oh = requireOversee(principal, officeHourId);
        ctx.auditor().record(principal, "offline_message.list", "office_hour", oh.getId(), null);
        OfflineMessageList.Builder list = OfflineMessageList.newBuilder();
        List<OfflineMessages.OfflineMessage> messages = ctx.store().offlineMessages()
                .byOfficeHour(oh.getId(), includeHandled);
        for (OfflineMessages.OfflineMessage m : messages) {
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
        OfflineMessages.OfflineMessage m = ctx.store().offlineMessages().byId(offlineMessageId)
                .filter(x -> x.organisationId().equals(principal.organisationId()))
                .orElseThrow(() -> RequestException.notFound("offline message"));
        requireOversee(principal, m.officeHourId());
        if (!ctx.store().offlineMessages().markHandled(m.id(), principal.id(), ctx.clock().instant())) {
            throw RequestException.conflict("already handled");
        }
        ctx.auditor().record(principal, "offline_message.handle", "offline_message", m.id(), null);
        ctx.store().officeHours().byId(m.officeHourId()).ifPresent(oh -> ctx.facts().duration(oh,
                Fact.OFFLINE_HANDLED_SECONDS, java.time.Duration.between(m.createdAt(), ctx.clock().instant())));
        ctx.changes().publish(m.officeHourId());
    }

    private OfficeHour requireOversee(Principal principal, String officeHourId) {
        OfficeHour oh = ctx.lookup().officeHour(principal.organisationId(), officeHourId);
        OfficeHourAccess.requireMayOversee(principal, oh);
        return oh;
    }
}
