package com.orbitlend.testkit.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL database on the local server, created for one test run and dropped afterwards.
 * The server is the one on this machine (127.0.0.1:5432, user postgres); override with the environment
 * variables {@code ORBITLEND_TEST_PG_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD}.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    private static final String HOST = env("ORBITLEND_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("ORBITLEND_TEST_PG_PORT", "5432");
    private static final String USER = env("ORBITLEND_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("ORBITLEND_TEST_PG_PASSWORD", "postgres");

    private final String name;

    private PostgresTestDatabase(String name) {
        this.name = name;
    }

    /** Creates a database named {@code <prefix>_<random>}. */
    public static PostgresTestDatabase create(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE " + name);
        return new PostgresTestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres",
                USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " failed: " + sql
                    + " (is it running? pg_ctlcluster 15 main start)", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
