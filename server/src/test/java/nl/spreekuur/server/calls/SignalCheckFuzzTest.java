package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.EnumSet;
import java.util.Set;
import nl.spreekuur.protocol.v1.ErrorCode;
import nl.spreekuur.protocol.v1.IceCandidate;
import nl.spreekuur.protocol.v1.SdpType;
import nl.spreekuur.protocol.v1.SessionDescription;
import nl.spreekuur.server.session.RequestException;

/**
 * Any session description and any candidate either passes {@link SignalCheck} or is refused with one of its
 * documented errors; nothing else escapes (no other exception, no hang), and the error message never quotes the
 * input. The seed corpus under {@code SignalCheckFuzzTestInputs/} (if present) replays in every test run.
 */
class SignalCheckFuzzTest {
    private static final Set<ErrorCode> REFUSALS = EnumSet.of(ErrorCode.INVALID_ARGUMENT, ErrorCode.TOO_LARGE);

    @FuzzTest(maxDuration = "30s")
    void sessionDescriptions(FuzzedDataProvider data) {
        String sdp = data.consumeRemainingAsString();
        check(sdp, () -> SignalCheck.description(SessionDescription.newBuilder().setType(SdpType.SDP_OFFER)
                .setSdp(sdp).build()));
    }

    @FuzzTest(maxDuration = "30s")
    void candidates(FuzzedDataProvider data) {
        String mid = data.consumeString(80);
        String candidate = data.consumeRemainingAsString();
        check(candidate, () -> SignalCheck.candidate(IceCandidate.newBuilder().setCandidate(candidate).setSdpMid(mid)
                .build()));
    }

    private static void check(String input, Runnable action) {
        try {
            action.run();
        } catch (RequestException e) {
            assertThat(e.code()).isIn(REFUSALS);
            if (input.length() > 3) {
                assertThat(e.getMessage()).doesNotContain(input);
            }
        }
    }
}
