package nl.spreekuur.server.cannedresponses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import nl.spreekuur.protocol.v1.CannedResponse;
import nl.spreekuur.protocol.v1.ClientMessage;
import nl.spreekuur.protocol.v1.DeleteCannedResponse;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.ListCannedResponses;
import nl.spreekuur.protocol.v1.SaveCannedResponse;
import nl.spreekuur.server.store.Organisations.Organisation;
import nl.spreekuur.server.store.Role;
import nl.spreekuur.server.testsupport.BothEncodings;
import nl.spreekuur.server.testsupport.ServicesTestServer;
import nl.spreekuur.server.testsupport.WsPeer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;

/**
 * Canned responses over real sockets: the org-admin manages the shared set, each professional their own; both
 * see the shared set and their own, never a colleague's own or another organisation's (NOT_FOUND); bad input gets
 * its documented error.
 */
class CannedResponsesWebSocketTest {
    @AutoClose
    private final ServicesTestServer server = ServicesTestServer.start();
    private Organisation org;
    private Organisation other;

    @BeforeEach
    void setUp() {
        org = server.organisation("demo");
        other = server.organisation("elders");
        server.staff(org, "ada", "Ada Admin", Role.ORG_ADMIN);
        server.staff(org, "anna", "Anna de Vries", Role.PROFESSIONAL);
        server.staff(org, "bram", "Bram Bakker", Role.PROFESSIONAL);
        server.staff(other, "olga", "Olga Elders", Role.ORG_ADMIN, Role.PROFESSIONAL);
    }

    @BothEncodings
    void adminManagesTheSharedSetAndEachProfessionalTheirOwn(String encoding) throws Exception {
        try (WsPeer ada = server.connect(encoding, server.login(org, "ada"));
             WsPeer anna = server.connect(encoding, server.login(org, "anna"));
             WsPeer bram = server.connect(encoding, server.login(org, "bram"))) {
            CannedResponse welkom = ada.call(save(response("", " Welkom ", "Welkom", "Welkom bij de chat.", true)))
                    .getCannedResponse();
            assertThat(welkom.getId()).isNotEmpty();
            assertThat(welkom.getCode()).isEqualTo("welkom");
            assertThat(welkom.getShared()).isTrue();

            CannedResponse annaOwn = anna.call(save(response("", "welkom", "Mijn welkom", "Hoi, ik ben Anna.",
                    false))).getCannedResponse();
            anna.call(save(response("", "afsluiten", "Afsluiten", "Fijn dat je er was.", false)));
            bram.call(save(response("", "bram", "Van Bram", "Groet van Bram.", false)));

            assertThat(anna.call(list()).getCannedResponses().getResponsesList())
                    .extracting(CannedResponse::getCode, CannedResponse::getShared)
                    .containsExactly(tuple("afsluiten", false), tuple("welkom", false), tuple("welkom", true));
            assertThat(bram.call(list()).getCannedResponses().getResponsesList())
                    .extracting(CannedResponse::getCode).containsExactly("bram", "welkom");

            // a professional may not touch the shared set, nor see a colleague's own
            assertThat(anna.callForError(save(response("", "nieuw", "Nieuw", "x", true))))
                    .isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(anna.callForError(save(welkom.toBuilder().setText("Anders")))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(anna.callForError(delete(welkom.getId()))).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(bram.callForError(save(annaOwn.toBuilder().setText("Van Bram")))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(bram.callForError(delete(annaOwn.getId()))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(ada.callForError(delete(annaOwn.getId()))).isEqualTo(ErrorCode.NOT_FOUND);

            CannedResponse changed = anna.call(save(annaOwn.toBuilder().setText("Hoi, ik ben Anna de Vries.")))
                    .getCannedResponse();
            assertThat(changed.getText()).isEqualTo("Hoi, ik ben Anna de Vries.");
            assertThat(anna.callForError(save(annaOwn.toBuilder().setCode("afsluiten"))))
                    .isEqualTo(ErrorCode.CONFLICT);
            assertThat(anna.callForError(save(annaOwn.toBuilder().setShared(true))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            anna.callForAck(delete(annaOwn.getId()));
            assertThat(anna.callForError(delete(annaOwn.getId()))).isEqualTo(ErrorCode.NOT_FOUND);
            ada.callForAck(delete(welkom.getId()));
            assertThat(anna.call(list()).getCannedResponses().getResponsesList())
                    .extracting(CannedResponse::getCode).containsExactly("afsluiten");
        }
    }

    @BothEncodings
    void anotherOrganisationsResponseIsNotFoundAndBadInputIsRefused(String encoding) throws Exception {
        try (WsPeer ada = server.connect(encoding, server.login(org, "ada"));
             WsPeer olga = server.connect(encoding, server.login(other, "olga"))) {
            CannedResponse welkom = ada.call(save(response("", "welkom", "Welkom", "Welkom.", true)))
                    .getCannedResponse();
            assertThat(olga.call(list()).getCannedResponses().getResponsesList()).isEmpty();
            assertThat(olga.callForError(save(welkom.toBuilder().setText("Overgenomen"))))
                    .isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(olga.callForError(delete(welkom.getId()))).isEqualTo(ErrorCode.NOT_FOUND);

            assertThat(ada.callForError(save(response("", "met spatie", "T", "x", true))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(ada.callForError(save(response("", "a".repeat(31), "T", "x", true))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(ada.callForError(save(response("", "leeg", " ", "x", true))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(ada.callForError(save(response("", "leeg", "T", "", true))))
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(ada.callForError(save(response("", "lang", "T".repeat(81), "x", true))))
                    .isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(ada.callForError(save(response("", "lang", "T", "x".repeat(2001), true))))
                    .isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(ada.callForError(save(response("", "welkom", "Dubbel", "x", true))))
                    .isEqualTo(ErrorCode.CONFLICT);
            assertThat(ada.callForError(delete("bestaat-niet"))).isEqualTo(ErrorCode.NOT_FOUND);
        }
        String client = server.anonymous(org);
        try (WsPeer anonymous = server.connect(encoding, client)) {
            assertThat(anonymous.callForError(list())).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(server.server().store().cannedResponses().count(org.id(), null)).isEqualTo(1);
    }

    @BothEncodings
    void aSetHoldsAtMostTwoHundred(String encoding) throws Exception {
        try (WsPeer anna = server.connect(encoding, server.login(org, "anna"))) {
            String annaId = anna.helloOk().getPrincipalId();
            for (int i = 0; i < CannedResponseRequests.MAX_PER_SET; i++) {
                server.server().store().cannedResponses().create(org.id(), annaId, "c" + i, "T", "x",
                        server.clock().instant());
            }
            assertThat(anna.callForError(save(response("", "te-veel", "T", "x", false))))
                    .isEqualTo(ErrorCode.LIMIT_REACHED);
        }
    }

    private static CannedResponse.Builder response(String id, String code, String title, String text,
                                                   boolean shared) {
        return CannedResponse.newBuilder().setId(id).setCode(code).setTitle(title).setText(text).setShared(shared);
    }

    private static ClientMessage.Builder save(CannedResponse.Builder response) {
        return ClientMessage.newBuilder().setSaveCannedResponse(SaveCannedResponse.newBuilder().setResponse(response));
    }

    private static ClientMessage.Builder save(CannedResponse response) {
        return save(response.toBuilder());
    }

    private static ClientMessage.Builder delete(String id) {
        return ClientMessage.newBuilder().setDeleteCannedResponse(DeleteCannedResponse.newBuilder().setId(id));
    }

    private static ClientMessage.Builder list() {
        return ClientMessage.newBuilder().setListCannedResponses(ListCannedResponses.getDefaultInstance());
    }
}
