package com.orbitlend.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own (initdb into a temporary directory, trust authentication, loopback
 * only), so a test can crash and restart it without touching the machine's shared server. Uses the machine's
 * PostgreSQL binaries ({@code /usr/lib/postgresql/<version>/bin}); as root, runs them as the {@code postgres} user.
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path data;
    private final int port;

    private PrivatePostgres(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /** Creates a cluster, starts it and creates {@code database}. */
    static PrivatePostgres start(String database) throws Exception {
        Path bin = binaries();
        Path data = Files.createTempDirectory("orbitlend-e2e-pg-");
        PrivatePostgres pg = new PrivatePostgres(bin, data, ServiceProcess.freePort());
        if (root()) {
            run(List.of("chown", "postgres:postgres", data.toString()));
        }
        pg.asOwner(List.of(bin.resolve("initdb").toString(), "-D", data.resolve("cluster").toString(), "-U", "postgres",
                "--auth=trust", "-E", "UTF8", "--no-instructions"));
        pg.startServer();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        return pg;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    /** Starts the server (again) and waits until it accepts connections. */
    void startServer() throws Exception {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("cluster").toString(), "-w", "-t", "60",
                "-l", data.resolve("server.log").toString(), "-o",
                "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** Stops the server as a crash would: immediate shutdown, clients cut off, recovery at the next start. */
    void crash() throws Exception {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("cluster").toString(), "-m", "immediate",
                "-w", "stop"));
    }

    @Override
    public void close() throws Exception {
        try {
            crash();
        } catch (Exception alreadyStopped) {
            // nothing to stop
        }
        run(List.of("rm", "-rf", data.toString()));
    }

    private void asOwner(List<String> command) throws Exception {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binaries() throws IOException {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Path::compareTo)
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries under /usr/lib/postgresql"));
        }
    }
}
