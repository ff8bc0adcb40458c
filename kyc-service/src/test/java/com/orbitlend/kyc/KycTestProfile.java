package com.orbitlend.kyc;

import com.orbitlend.testkit.kafka.KafkaTestResource;
import com.orbitlend.testkit.postgres.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The one profile of every @QuarkusTest here: real Kafka, a fresh PostgreSQL database, a per-run signing key. */
public class KycTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(KafkaTestResource.class),
                new TestResourceEntry(PostgresTestResource.class, Map.of("prefix", "kyc_test")),
                new TestResourceEntry(KycKeysTestResource.class));
    }
}
