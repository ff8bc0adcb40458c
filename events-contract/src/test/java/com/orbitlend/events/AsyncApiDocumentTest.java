package com.orbitlend.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.orbitlend.events.notification.ClientEvent;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The AsyncAPI document is what other teams read: it must name exactly what the code publishes. */
class AsyncApiDocumentTest {

    private static JsonNode document() throws Exception {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi.yaml")) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void documentsEveryDomainEventTypeOnItsTopic() throws Exception {
        JsonNode doc = document();
        Set<String> documented = new HashSet<>();
        doc.at("/components/messages").forEach(m -> documented.add(m.path("name").asText()));
        documented.remove("notification");

        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(EventType.values()).map(EventType::type).toList());

        Set<String> addresses = new HashSet<>();
        doc.path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        assertThat(addresses).containsAll(Arrays.stream(EventType.values()).map(EventType::topic).toList())
                .contains(Topics.NOTIFICATIONS, Topics.NOTIFICATIONS_DLQ);
    }

    @Test
    void documentsEveryClientEvent() throws Exception {
        Set<String> documented = new HashSet<>();
        document().at("/components/schemas/Notification/properties/event/enum")
                .forEach(e -> documented.add(e.asText()));

        assertThat(documented).isEqualTo(Arrays.stream(ClientEvent.values()).map(ClientEvent::eventName)
                .collect(Collectors.toSet()));
    }

    @Test
    void everyChannelStatesItsPartitionsAndWritersAndOnlyTheGatewayAndExternalNotifierWriteNotifications()
            throws Exception {
        JsonNode doc = document();
        doc.path("channels").forEach(channel -> {
            String address = channel.path("address").asText();
            assertThat(channel.at("/bindings/kafka/partitions").asInt()).as(address + " partitions").isPositive();
            assertThat(channel.at("/bindings/kafka/replicas").asInt()).as(address + " replicas").isPositive();
            assertThat(channel.path("x-producers").size()).as(address + " producers").isPositive();
        });
        Set<String> notificationWriters = new HashSet<>();
        doc.at("/channels/notifications/x-producers").forEach(p -> notificationWriters.add(p.asText()));
        assertThat(notificationWriters).containsExactlyInAnyOrder("notification-gateway", "external-notifier");
        assertThat(doc.at("/info/description").asText()).contains("Trust model", "ACL");
    }
}
