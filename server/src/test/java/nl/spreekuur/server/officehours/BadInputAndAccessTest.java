package nl.spreekuur.server.officehours;

import static org.assertj.core.api.Assertions.assertThat;

import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.GetOfficeHourStatus;
import nl.spreekuur.protocol.v1.OfficeHour;
import nl.spreekuur.protocol.v1.QueueStatus;
import nl.spreekuur.protocol.v1.WatchQueue;
import nl.spreekuur.protocol.v1.Weekday;
import nl.spreekuur.protocol.v1.WeeklySlot;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.RecordingSession;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests that must be refused, with the documented error code, and leave nothing behind. */
class BadInputAndAccessTest {
    @AutoClose
    private final OfficeHourWorld world = new OfficeHourWorld();
    private final RecordingSession anna = world.professional("Anna");
    private final RecordingSession bram = world.professional("Bram");
    private final RecordingSession sam = world.client();
    private OfficeHour oh;
    private QueueStatus samWaiting;

    @BeforeEach
    void setUp() {
        oh = world.servedBy("toegang", anna, bram);
        samWaiting = world.join(sam, oh, "Sam", "");
    }

    @Test
    void unknownOfficeHoursAndDoubleJoinsAreRefused() {
        RecordingSession kim = world.client();
        world.fx.error(kim, Requests.join("no-such-office-hour", "Kim", ""), ErrorCode.NOT_FOUND);
        world.fx.error(kim, Requests.join("", "Kim", ""), ErrorCode.INVALID_ARGUMENT);
        world.fx.error(kim, ClientMessage.newBuilder().setGetOfficeHourStatus(GetOfficeHourStatus.newBuilder()
                .setOfficeHourId("no-such-office-hour")), ErrorCode.NOT_FOUND);
        world.fx.error(anna, Requests.claimNext("no-such-office-hour"), ErrorCode.NOT_FOUND);
        world.fx.error(anna, Requests.claim(oh.getId(), "no-such-entry"), ErrorCode.NOT_FOUND);

        world.fx.error(sam, Requests.join(oh.getId(), "Sam", ""), ErrorCode.CONFLICT);
        world.fx.error(sam.secondConnection(), Requests.join(oh.getSlug(), "Sam", ""), ErrorCode.CONFLICT);
        assertThat(world.fx.store().queue().waiting(oh.getId())).hasSize(1);
    }

    @Test
    void oversizeOrMissingClientTextIsRefused() {
        RecordingSession kim = world.client();
        world.fx.error(kim, Requests.join(oh.getId(), "Kim", "x".repeat(2001)), ErrorCode.TOO_LARGE);
        world.fx.error(kim, Requests.join(oh.getId(), "  ", ""), ErrorCode.INVALID_ARGUMENT);
        world.fx.error(kim, Requests.join(oh.getId(), "k".repeat(41), ""), ErrorCode.INVALID_ARGUMENT);
        assertThat(world.fx.store().queue().activeOf(kim.principal().id())).isEmpty();
        assertThat(world.fx.ok(kim, Requests.join(oh.getId(), "\uD83D\uDE00".repeat(40), "\uD83D\uDE00".repeat(2000)))
                .getJoinQueueResult().getAdmitted()).as("limits count characters, not UTF-16 units").isTrue();

        world.fx.error(sam, Requests.updateFirstQuestion(samWaiting.getQueueEntryId(), "x".repeat(2001)),
                ErrorCode.TOO_LARGE);
        world.fx.error(sam, Requests.offlineMessage(oh.getId(), "Sam", " ", ""), ErrorCode.INVALID_ARGUMENT);
        world.fx.error(sam, Requests.offlineMessage(oh.getId(), "Sam", "x".repeat(4001), ""), ErrorCode.TOO_LARGE);
        world.fx.error(sam, Requests.offlineMessage(oh.getId(), "Sam", "Bel me", "x".repeat(201)),
                ErrorCode.TOO_LARGE);
        assertThat(world.fx.store().offlineMessages().byOfficeHour(oh.getId(), true)).isEmpty();
    }

    @Test
    void messagesToAnEndedChatAreRefused() {
        String chat = samWaiting.getConversationId();
        world.claimNext(anna, oh);
        world.fx.ok(sam, Requests.end(chat));
        world.fx.error(sam, Requests.send(chat, "late", "Nog iets"), ErrorCode.CONFLICT);
        world.fx.error(anna, Requests.send(chat, "late", "Nog iets"), ErrorCode.CONFLICT);
        world.fx.error(sam, Requests.end(chat), ErrorCode.CONFLICT);
    }

    @Test
    void invalidSchedulesAreRefusedAndNothingIsSaved() {
        OfficeHour.Builder overlapping = OfficeHourWorld.mondayDraft("overlap")
                .addSlots(slot(Weekday.MONDAY, "16:00", "18:00"));
        OfficeHour.Builder emptySlot = OfficeHourWorld.mondayDraft("leeg").addSlots(slot(Weekday.TUESDAY, "10:00",
                "10:00"));
        OfficeHour.Builder pastMidnightOverlap = OfficeHourWorld.mondayDraft("nacht")
                .addSlots(slot(Weekday.FRIDAY, "22:00", "02:00")).addSlots(slot(Weekday.SATURDAY, "01:00", "03:00"));
        OfficeHour.Builder unknownZone = OfficeHourWorld.mondayDraft("zone").setTimeZone("Europe/Atlantis");
        OfficeHour.Builder badTime = OfficeHourWorld.mondayDraft("tijd").addSlots(slot(Weekday.TUESDAY, "25:00",
                "26:00"));
        int before = world.fx.store().officeHours().byOrganisation(world.org).size();

        for (OfficeHour.Builder invalid : new OfficeHour.Builder[] {overlapping, emptySlot, pastMidnightOverlap,
                unknownZone, badTime}) {
            world.fx.error(world.admin, Requests.save(invalid.build()), ErrorCode.INVALID_ARGUMENT);
        }
        world.fx.error(world.admin, Requests.save(oh.toBuilder().addSlots(slot(Weekday.MONDAY, "08:00", "10:00"))
                .build()), ErrorCode.INVALID_ARGUMENT);

        assertThat(world.fx.store().officeHours().byOrganisation(world.org)).hasSize(before);
        assertThat(world.fx.store().officeHours().byId(oh.getId())).contains(oh);
        world.fx.error(anna, Requests.save(OfficeHourWorld.mondayDraft("geen-admin").build()), ErrorCode.FORBIDDEN);
        world.fx.error(world.admin, Requests.save(OfficeHourWorld.mondayDraft("toegang").build()), ErrorCode.CONFLICT);
    }

    @Test
    void statisticsNeedValidDatesAndAModestRange() {
        world.fx.error(world.admin, Requests.statistics(oh.getId(), "23-11-2026", "2026-11-23"),
                ErrorCode.INVALID_ARGUMENT);
        world.fx.error(world.admin, Requests.statistics(oh.getId(), "2026-11-23", "2026-11-22"),
                ErrorCode.INVALID_ARGUMENT);
        world.fx.error(world.admin, Requests.statistics(oh.getId(), "2025-11-23", "2026-11-24"),
                ErrorCode.INVALID_ARGUMENT);
        assertThat(world.fx.ok(world.admin, Requests.statistics(oh.getId(), "2025-11-23", "2026-11-23"))
                .getStatistics().getDaysCount()).isEqualTo(366);
    }

    @Test
    void anotherClientCannotTouchSomeoneElsesPlaceOrChat() {
        RecordingSession kim = world.client();
        String chat = samWaiting.getConversationId();
        world.fx.error(kim, Requests.subscribe(chat), ErrorCode.FORBIDDEN);
        world.fx.error(kim, Requests.send(chat, "k1", "Hallo?"), ErrorCode.FORBIDDEN);
        world.fx.error(kim, Requests.end(chat), ErrorCode.FORBIDDEN);
        world.fx.error(kim, Requests.consent(chat, true), ErrorCode.FORBIDDEN);
        world.fx.error(kim, Requests.leave(samWaiting.getQueueEntryId()), ErrorCode.NOT_FOUND);
        world.fx.error(kim, Requests.updateFirstQuestion(samWaiting.getQueueEntryId(), "Overgenomen"),
                ErrorCode.NOT_FOUND);
        world.fx.error(kim, Requests.duty(oh.getId(), true), ErrorCode.FORBIDDEN);
        world.fx.error(kim, Requests.claimNext(oh.getId()), ErrorCode.FORBIDDEN);
        world.fx.error(kim, Requests.urgent(samWaiting.getQueueEntryId(), true), ErrorCode.FORBIDDEN);
        world.fx.error(kim, Requests.listOfflineMessages(oh.getId(), true), ErrorCode.FORBIDDEN);
        world.fx.error(kim, Requests.statistics(oh.getId(), OfficeHourWorld.MONDAY, OfficeHourWorld.MONDAY), ErrorCode.FORBIDDEN);
        assertThat(world.fx.store().queue().byId(samWaiting.getQueueEntryId()).orElseThrow().firstQuestion())
                .isEmpty();
    }

    @Test
    void professionalsOfAnotherOfficeHourOrNotHoldingTheChatAreRefused() {
        RecordingSession dirk = world.professional("Dirk");
        world.fx.error(dirk, Requests.duty(oh.getId(), true), ErrorCode.FORBIDDEN);
        world.fx.error(dirk, Requests.claimNext(oh.getId()), ErrorCode.FORBIDDEN);
        world.fx.error(dirk, Requests.urgent(samWaiting.getQueueEntryId(), true), ErrorCode.FORBIDDEN);
        world.fx.error(dirk, Requests.listOfflineMessages(oh.getId(), false), ErrorCode.FORBIDDEN);
        world.fx.error(dirk, ClientMessage.newBuilder().setWatchQueue(WatchQueue.newBuilder()
                .setOfficeHourId(oh.getId()).setWatch(true)), ErrorCode.FORBIDDEN);
        world.fx.error(anna, Requests.statistics(oh.getId(), OfficeHourWorld.MONDAY, OfficeHourWorld.MONDAY), ErrorCode.FORBIDDEN);

        String chat = world.claimNext(anna, oh).getConversationId();
        for (RecordingSession outsider : new RecordingSession[] {bram, dirk}) {
            world.fx.error(outsider, Requests.subscribe(chat), ErrorCode.FORBIDDEN);
            world.fx.error(outsider, Requests.send(chat, "x1", "Meeschrijven"), ErrorCode.FORBIDDEN);
            world.fx.error(outsider, Requests.end(chat), ErrorCode.FORBIDDEN);
            world.fx.error(outsider, Requests.transfer(chat, outsider.principal().id(), ""), ErrorCode.FORBIDDEN);
        }
        world.fx.error(anna, Requests.consent(chat, true), ErrorCode.FORBIDDEN);
    }

    @Test
    void anotherOrganisationSeesNothing() {
        String otherOrg = world.fx.organisation("elders");
        RecordingSession boss = world.connected(world.fx.staff(otherOrg, "Eva", Role.PROFESSIONAL, Role.SUPERVISOR,
                Role.ORG_ADMIN));
        RecordingSession stranger = world.connected(world.fx.client(otherOrg));
        world.fx.ok(anna, Requests.offlineMessage(oh.getId(), "", "Bericht", ""));
        String offlineId = world.fx.store().offlineMessages().byOfficeHour(oh.getId(), false).get(0).id();
        String chat = world.claimNext(anna, oh).getConversationId();

        world.fx.error(stranger, Requests.join(oh.getId(), "Vreemde", ""), ErrorCode.NOT_FOUND);
        world.fx.error(stranger, Requests.join(oh.getSlug(), "Vreemde", ""), ErrorCode.NOT_FOUND);
        world.fx.error(stranger, Requests.subscribe(chat), ErrorCode.NOT_FOUND);
        world.fx.error(boss, ClientMessage.newBuilder().setGetOfficeHourStatus(GetOfficeHourStatus.newBuilder()
                .setOfficeHourId(oh.getId())), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.duty(oh.getId(), true), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.claimNext(oh.getId()), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.urgent(samWaiting.getQueueEntryId(), true), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.subscribe(chat), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.supervise(chat), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.transfer(chat, boss.principal().id(), ""), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.end(chat), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.listOfflineMessages(oh.getId(), true), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.handleOfflineMessage(offlineId), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.statistics(oh.getId(), OfficeHourWorld.MONDAY, OfficeHourWorld.MONDAY), ErrorCode.NOT_FOUND);
        world.fx.error(boss, Requests.save(oh.toBuilder().setName("Overgenomen").build()), ErrorCode.NOT_FOUND);
        assertThat(world.fx.store().officeHours().byId(oh.getId())).contains(oh);
    }

    private static WeeklySlot slot(Weekday day, String start, String end) {
        return WeeklySlot.newBuilder().setDay(day).setStart(start).setEnd(end).build();
    }
}
