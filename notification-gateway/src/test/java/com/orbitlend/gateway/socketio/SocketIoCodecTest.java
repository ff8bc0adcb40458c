package com.orbitlend.gateway.socketio;

import com.orbitlend.events.EventJson;
import com.orbitlend.gateway.socketio.SocketIoCodec.MalformedPacketException;
import com.orbitlend.gateway.socketio.SocketIoCodec.Packet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocketIoCodecTest {

    @Test
    void readsEngineIoControlPackets() throws Exception {
        assertThat(SocketIoCodec.decode("3").engineType()).isEqualTo(SocketIoCodec.PONG);
        assertThat(SocketIoCodec.decode("1").engineType()).isEqualTo(SocketIoCodec.CLOSE);
        assertThat(SocketIoCodec.decode("6").isMessage()).isFalse();
    }

    @Test
    void readsAConnectWithAuthInTheDefaultNamespace() throws Exception {
        Packet connect = SocketIoCodec.decode("40{\"token\":\"abc\",\"pid\":\"v2\",\"offset\":\"f1,0:3\"}");
        assertThat(connect.type()).isEqualTo(SocketIoCodec.CONNECT);
        assertThat(connect.namespace()).isEqualTo("/");
        assertThat(connect.data().get("token").asText()).isEqualTo("abc");
        assertThat(connect.data().get("offset").asText()).isEqualTo("f1,0:3");
        assertThat(SocketIoCodec.decode("40").data()).isNull();
    }

    @Test
    void readsTheNamespaceOfAnotherNamespacesConnect() throws Exception {
        Packet connect = SocketIoCodec.decode("40/admin,{\"token\":\"abc\"}");
        assertThat(connect.namespace()).isEqualTo("/admin");
        assertThat(connect.data().get("token").asText()).isEqualTo("abc");
        assertThat(SocketIoCodec.decode("40/admin,").namespace()).isEqualTo("/admin");
    }

    @Test
    void readsEventsWithAndWithoutAcknowledgementId() throws Exception {
        Packet plain = SocketIoCodec.decode("42[\"subscribe\",\"public:marketplace\"]");
        assertThat(plain.type()).isEqualTo(SocketIoCodec.EVENT);
        assertThat(plain.ackId()).isNull();
        assertThat(plain.data().get(1).asText()).isEqualTo("public:marketplace");
        Packet acked = SocketIoCodec.decode("4217[\"subscribe\",{\"channel\":\"public:marketplace\"}]");
        assertThat(acked.ackId()).isEqualTo(17L);
        assertThat(acked.data().get(1).get("channel").asText()).isEqualTo("public:marketplace");
        assertThat(SocketIoCodec.decode("42/other,5[\"x\"]").namespace()).isEqualTo("/other");
        assertThat(SocketIoCodec.decode("42/other,5[\"x\"]").ackId()).isEqualTo(5L);
    }

    @Test
    void refusesWhatIsNotAPacket() {
        for (String bad : new String[] {"", "9", "x", "4", "47", "42", "42{}", "42[1]", "42[]", "42[\"a\"",
                "43[]", "40[1]", "451-[\"a\",{\"_placeholder\":true,\"num\":0}]", "42" + "9".repeat(16) + "[\"a\"]"}) {
            assertThatThrownBy(() -> SocketIoCodec.decode(bad)).as(bad).isInstanceOf(MalformedPacketException.class);
        }
    }

    @Test
    void writesTheHandshakeTheClientExpects() throws Exception {
        String open = SocketIoCodec.open("abc", 20000, 20000, 8192);
        assertThat(open).startsWith("0");
        var handshake = EventJson.mapper().readTree(open.substring(1));
        assertThat(handshake.get("sid").asText()).isEqualTo("abc");
        assertThat(handshake.get("upgrades").isArray()).isTrue();
        assertThat(handshake.get("upgrades")).isEmpty();
        assertThat(handshake.get("pingInterval").asLong()).isEqualTo(20000);
        assertThat(handshake.get("pingTimeout").asLong()).isEqualTo(20000);
        assertThat(handshake.get("maxPayload").asInt()).isEqualTo(8192);
    }

    @Test
    void writesServerPackets() {
        assertThat(SocketIoCodec.ping()).isEqualTo("2");
        assertThat(SocketIoCodec.connected("s1", "v2,user:a=0:1")).isEqualTo("40{\"sid\":\"s1\",\"pid\":\"v2,user:a=0:1\"}");
        assertThat(SocketIoCodec.connectError(null, "nope")).isEqualTo("44{\"message\":\"nope\"}");
        assertThat(SocketIoCodec.connectError("/admin", "Invalid namespace"))
                .isEqualTo("44/admin,{\"message\":\"Invalid namespace\"}");
        assertThat(SocketIoCodec.disconnect()).isEqualTo("41");
        assertThat(SocketIoCodec.ack(12, EventJson.mapper().createObjectNode().put("ok", true)))
                .isEqualTo("4312[{\"ok\":true}]");
        assertThat(SocketIoCodec.event("gateway:error", EventJson.mapper().createObjectNode().put("code", "x")))
                .isEqualTo("42[\"gateway:error\",{\"code\":\"x\"}]");
    }
}
