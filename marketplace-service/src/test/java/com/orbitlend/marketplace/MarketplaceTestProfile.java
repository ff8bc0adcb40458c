package com.orbitlend.marketplace;

import com.orbitlend.testkit.jwt.JwtTestResource;
import com.orbitlend.testkit.kafka.KafkaTestResource;
import com.orbitlend.testkit.postgres.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The one profile of every @QuarkusTest here: real Kafka, a fresh PostgreSQL database, test JWT keys. */
public class MarketplaceTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(KafkaTestResource.class),
                new TestResourceEntry(PostgresTestResource.class, Map.of("prefix", "market_test")),
                new TestResourceEntry(JwtTestResource.class));
    }
}
