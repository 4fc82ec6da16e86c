package nl.spreekuur.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import nl.spreekuur.protocol.v1.ConversationKind;
import nl.spreekuur.protocol.v1.ParticipantRole;
import nl.spreekuur.server.store.Conversations.Participant;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.StoreSettings;
import nl.spreekuur.server.testsupport.PostgresProcess;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' stores on one PostgreSQL database: with {@code sharedByNodes} a change made through one is seen by the
 * other at once (no node-local row cache that the other node's change cannot reach), which authorisation relies on.
 */
class SharedStoreTest {
    private final Clock clock = Clock.systemUTC();

    @Test
    void aParticipantWhoLeftThroughOneNodeIsInactiveOnTheOtherAtOnce() {
        PostgresProcess postgres = PostgresProcess.shared();
        StoreSettings settings = new StoreSettings(postgres.newDatabase(), postgres.user(), postgres.password(), 4)
                .withSharedByNodes(true);
        try (JdbcStore nodeA = JdbcStore.open(settings, clock); JdbcStore nodeB = JdbcStore.open(settings, clock)) {
            Organisation org = nodeA.organisations().create("gedeeld", "Gedeeld");
            String id = nodeA.conversations().create(org.id(), ConversationKind.OFFICE_HOUR_CHAT, null,
                    clock.instant()).id();
            nodeA.conversations().join(id, "client-1", ParticipantRole.CLIENT, "Sam", clock.instant());
            assertThat(nodeB.conversations().participant(id, "client-1")).get().extracting(Participant::isActive)
                    .isEqualTo(true);
            assertThat(nodeB.conversations().byId(id)).get().extracting(c -> c.open()).isEqualTo(true);

            nodeA.conversations().leave(id, "client-1", clock.instant());

            assertThat(nodeB.conversations().participant(id, "client-1")).get().extracting(Participant::isActive)
                    .isEqualTo(false);
        }
    }

    @Test
    void theSharedFlagSurvivesTheOtherSettings() {
        PostgresProcess postgres = PostgresProcess.shared();
        StoreSettings settings = new StoreSettings(postgres.newDatabase(), postgres.user(), postgres.password(), 4);
        assertThat(settings.sharedByNodes()).isFalse();
        assertThat(settings.withSharedByNodes(true).sharedByNodes()).isTrue();
        assertThat(settings.withSharedByNodes(true).withMaxPoolSize(8).sharedByNodes()).isTrue();
    }

    /** The embedded store keeps its idempotency key in the one node's appender (KnownClientIds). */
    @Test
    void anH2DatabaseIsNeverSharedByNodes() {
        assertThatThrownBy(() -> StoreSettings.inMemory("shared-" + System.nanoTime()).withSharedByNodes(true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
