package com.orbitlend.e2e;

import com.orbitlend.events.EventJson;
import com.orbitlend.events.Topics;
import com.orbitlend.events.notification.AdminNotificationData;
import com.orbitlend.events.notification.Notification;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.Map;

/** A service outside this repository, producing to the notifications topic under the documented contract. */
final class OtherProducer implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    OtherProducer(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    void systemAlert(String id, String message) throws Exception {
        Instant now = Instant.now();
        AdminNotificationData data = new AdminNotificationData(AdminNotificationData.Type.SYSTEM_ALERT, message,
                null, now);
        Notification notification = new Notification(id, "role:admin", "admin:notification",
                EventJson.mapper().valueToTree(data), now, null);
        send("role:admin", EventJson.write(notification));
    }

    void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS, key, value)).get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
