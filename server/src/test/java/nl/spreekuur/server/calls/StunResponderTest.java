package nl.spreekuur.server.calls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import org.ice4j.TransportAddress;
import org.ice4j.Transport;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded STUN responder on a real UDP socket, checked with ice4j's STUN codec: a Binding request is answered
 * with a Binding success whose XOR-MAPPED-ADDRESS is exactly the sender's address and port; anything else gets no
 * answer.
 */
class StunResponderTest {
    @AutoClose
    private final StunResponder responder = StunResponder.start("127.0.0.1", 0);

    StunResponderTest() throws InterruptedException {
    }

    @Test
    void aBindingRequestIsAnsweredWithTheSendersAddress() throws Exception {
        try (StunExchange client = new StunExchange(new InetSocketAddress("127.0.0.1", responder.port()))) {
            Message answer = client.binding();
            assertThat((int) answer.getMessageType()).isEqualTo((int) Message.BINDING_SUCCESS_RESPONSE);
            XorMappedAddressAttribute mapped = (XorMappedAddressAttribute) answer.getAttribute(
                    Attribute.XOR_MAPPED_ADDRESS);
            TransportAddress address = mapped.getAddress(answer.getTransactionID());
            assertThat(address).isEqualTo(new TransportAddress(InetAddress.getLoopbackAddress(), client.localPort(),
                    Transport.UDP));
            // a second request from the same socket: answered again, with its own transaction id
            assertThat(client.binding().getAttribute(Attribute.XOR_MAPPED_ADDRESS)).isNotNull();
        }
        assertThat(responder.answered()).isEqualTo(2);
    }

    @Test
    void anythingButAWellFormedBindingRequestIsDropped() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(500);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", responder.port());
            byte[] classic = new byte[20];   // RFC 3489 request: no magic cookie
            classic[1] = 0x01;
            byte[] wrongLength = classic.clone();
            wrongLength[3] = 8;
            wrongLength[4] = 0x21;
            wrongLength[5] = 0x12;
            wrongLength[6] = (byte) 0xA4;
            wrongLength[7] = 0x42;
            for (byte[] junk : new byte[][] {"hello".getBytes(), classic, wrongLength, new byte[1400]}) {
                socket.send(new DatagramPacket(junk, junk.length, target));
            }
            assertThatThrownBy(() -> socket.receive(new DatagramPacket(new byte[100], 100)))
                    .isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(responder.answered()).isZero();
    }
}
