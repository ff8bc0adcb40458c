package com.orbitlend.testkit.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points the application under test at the {@link KafkaTestBroker}. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", KafkaTestBroker.bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker lives as long as the test JVM: several test classes share it
    }
}
