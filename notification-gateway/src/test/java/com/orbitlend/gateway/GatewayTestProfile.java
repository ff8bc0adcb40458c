package com.orbitlend.gateway;

import com.orbitlend.testkit.jwt.JwtTestResource;
import com.orbitlend.testkit.kafka.KafkaTestResource;
import com.orbitlend.testkit.postgres.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The one application boot shared by every @QuarkusTest of the gateway: real Kafka, PostgreSQL and JWTs. */
public class GatewayTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(KafkaTestResource.class),
                new TestResourceEntry(PostgresTestResource.class, Map.of("prefix", "gateway_test")),
                new TestResourceEntry(JwtTestResource.class));
    }
}
