package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SDP and ICE candidate grammar of docs/protocol.md, case by case (the fuzz test covers the rest). */
class SignalCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "candidate:842163049 1 udp 1677729535 192.0.2.10 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0",
            "candidate:1 1 udp 2122260223 4f2b8c1e-2f5a-4c8e-9a51-3b1f0e8d2c7a.local 56143 typ host generation 0 network-cost 999",
            "candidate:3 2 tcp 1518280447 2001:db8::1 9 typ host tcptype active",
            "candidate:4 1 UDP 41885439 203.0.113.5 3478 typ relay raddr 198.51.100.1 rport 60000",
            "5 1 udp 1 ::ffff:192.0.2.1 1 typ prflx",
            "candidate:a+b/C 256 udp 4294967295 ::1 65535 typ host"})
    void validCandidatesPass(String candidate) {
        assertThat(SignalCheck.validCandidate(candidate)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "candidate:1 1 udp 2 256.0.0.1 5 typ host",
            "candidate:1 0 udp 2 10.0.0.1 5 typ host",
            "candidate:1 1 sctp 2 10.0.0.1 5 typ host",
            "candidate:1 1 udp 2 10.0.0.1 65536 typ host",
            "candidate:1 1 udp 2 10.0.0.1 5 type host",
            "candidate:1 1 udp 2 10.0.0.1 5 typ host raddr",
            "candidate:1 1 udp 2 10.0.0.1 5 typ host raddr evil.example.com rport 1",
            "candidate:1 1 udp 2 example.com 5 typ host",
            "candidate:1 1 udp 2 1:2:3:4:5:6:7:8:9 5 typ host",
            "candidate:1 1 udp 2 1::2::3 5 typ host",
            "candidate:1  1 udp 2 10.0.0.1 5 typ host",
            "candidate:1 1 udp 2 10.0.0.1 5 typ host\r\na=evil",
            "candidate:1 1 udp 99999999999 10.0.0.1 5 typ host",
            "candidate:"})
    void invalidCandidatesAreRefused(String candidate) {
        assertThat(SignalCheck.validCandidate(candidate)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n",
            "v=0\no=- 1 2 IN IP6 ::1\ns=-\nt=0 0\nm=video 9 UDP/TLS/RTP/SAVPF 96 97\nc=IN IP6 ::\na=mid:1",
            "v=0\r\no=mozilla...THIS_IS_SDPARTA-99.0 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"})
    void validSessionDescriptionsPass(String sdp) {
        assertThat(SignalCheck.validSdp(sdp)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "hello",
            "v=1\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n",
            "v=0\r\no=- x 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n",
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nt=0 0\r\n",
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n\r\nt=0 0\r\n",
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n",
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP\r\n",
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nc=IN IP9 1.2.3.4\r\n",
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=x\u0007y\r\n",
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nX=y\r\n",
            "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nv=0\r\n"})
    void invalidSessionDescriptionsAreRefused(String sdp) {
        assertThat(SignalCheck.validSdp(sdp)).isFalse();
    }
}
