package com.orbitlend.testkit.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives the application under test a fresh database of its own; Flyway migrates it at start.
 * Init arg {@code prefix} names it (default {@code orbitlend_test}).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String prefix = "orbitlend_test";
    private PostgresTestDatabase database;

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        database = PostgresTestDatabase.create(prefix);
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
