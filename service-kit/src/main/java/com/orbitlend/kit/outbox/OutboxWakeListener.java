package com.orbitlend.kit.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Wakes the {@link OutboxRelay} as soon as outbox rows are committed, so an event reaches Kafka within
 * milliseconds of its transaction instead of up to a poll interval later.
 *
 * <p>A trigger on {@code outbox_event} (service-kit migration {@code V0_3}) notifies channel {@value #CHANNEL}
 * for each inserting statement; PostgreSQL delivers the notification only at commit. This listener holds one
 * dedicated connection outside the pool (a pooled connection would be returned and reused, and its LISTEN with
 * it), opened with the default datasource's URL and credentials, and waits on it with
 * {@link PGConnection#getNotifications(int)} on a thread of its own. Each batch of notifications becomes one
 * {@link OutboxRelay#wake()}; the relay coalesces them.
 *
 * <p>Nothing depends on it: the relay keeps polling at {@code orbitlend.outbox.poll-interval}. When the connection
 * breaks (PostgreSQL restarted, network cut; a silent break is found by a query every
 * {@code orbitlend.outbox.wake-up.check-interval}) the listener reconnects with exponential backoff, and wakes the
 * relay once listening again, for rows committed while it was deaf. Behind a pooler in transaction mode
 * (PgBouncer), LISTEN does not work: disable it there ({@code orbitlend.outbox.wake-up.enabled=false}).
 */
@ApplicationScoped
public class OutboxWakeListener {

    /** The channel the outbox trigger notifies. */
    public static final String CHANNEL = "orbitlend_outbox";
    /** application_name of the listening connection, e.g. to find it in pg_stat_activity. */
    public static final String APPLICATION_NAME = "orbitlend-outbox-listener";

    private static final Logger LOG = Logger.getLogger(OutboxWakeListener.class);

    private final OutboxRelay relay;
    private final OutboxConfig config;
    private final String jdbcUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private final Backoff backoff;

    /** The listening thread; a thread that is no longer this one stops. */
    private volatile Thread thread;
    private volatile Connection connection;
    private volatile boolean listening;

    @Inject
    OutboxWakeListener(OutboxRelay relay, OutboxConfig config,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.relay = relay;
        this.config = config;
        this.jdbcUrl = jdbcUrl.orElse(null);
        this.username = username;
        this.password = password;
        this.backoff = new Backoff(config.wakeUp().initialBackoff(), config.wakeUp().maxBackoff());
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        if (!config.wakeUp().enabled()) {
            LOG.infof("Outbox wake-up on commit disabled; the relay polls every %s", config.pollInterval());
            return;
        }
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            LOG.warnf("Outbox wake-up needs a PostgreSQL quarkus.datasource.jdbc.url; the relay polls every %s",
                    config.pollInterval());
            return;
        }
        start();
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts listening (again), unless already started. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        Thread started = new Thread(this::run, APPLICATION_NAME);
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /** Stops listening and closes the connection; the relay goes on polling. */
    public void stop() {
        Thread stopped;
        synchronized (this) {
            stopped = thread;
            thread = null;
        }
        if (stopped == null) {
            return;
        }
        closeQuietly(connection);
        stopped.interrupt();
        try {
            stopped.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listening = false;
    }

    /** Whether a LISTEN is in place right now (false while reconnecting, stopped or disabled). */
    public boolean listening() {
        return listening;
    }

    private void run() {
        int failures = 0;
        while (active()) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement listen = c.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                if (failures > 0) {
                    LOG.infof("Outbox wake-up listener reconnected after %d failed attempts", failures);
                }
                failures = 0;
                // rows may have been committed while nobody listened
                relay.wake();
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (!active()) {
                    break;
                }
                listening = false;
                connection = null;
                failures++;
                Duration pause = backoff.after(failures);
                if (failures == 1) {
                    LOG.warnf("Outbox wake-up listener lost its connection; the relay polls every %s meanwhile, "
                            + "reconnecting with backoff (logged once per outage): %s", config.pollInterval(),
                            e.getMessage());
                } else {
                    LOG.debugf("Outbox wake-up listener attempt %d failed, next in %s: %s", failures, pause,
                            e.getMessage());
                }
                if (!sleep(pause)) {
                    break;
                }
            }
        }
        if (thread == null) {
            listening = false;
            connection = null;
        }
    }

    private boolean active() {
        return thread == Thread.currentThread();
    }

    /** Waits for notifications until the connection fails or the listener stops. */
    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        int timeout = (int) Math.max(1, config.wakeUp().checkInterval().toMillis());
        while (active()) {
            PGNotification[] notifications = pg.getNotifications(timeout);
            if (notifications != null && notifications.length > 0) {
                relay.wake();
            } else {
                // quiet for a while: make sure the connection is still there (a dead socket stays silent)
                try (Statement check = c.createStatement()) {
                    check.execute("SELECT 1");
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty("user", u));
        password.ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", APPLICATION_NAME);
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
        Connection c = new Driver().connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        c.setAutoCommit(true);
        return c;
    }

    private boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // a connection that cannot close cleanly is abandoned all the same
        }
    }
}
