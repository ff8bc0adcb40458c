package com.orbitlend.kyc.auth.account;

import com.orbitlend.kit.problem.ProblemException;
import com.orbitlend.kyc.auth.password.Passwords;
import com.orbitlend.kyc.config.KycServiceConfig;
import com.orbitlend.kyc.db.UniqueViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.persistence.PersistenceException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** Account registration and look-ups. */
@ApplicationScoped
@Transactional
public class AccountService {

    private final Passwords passwords;
    private final String initialAdminUsername;
    private final Clock clock = Clock.systemUTC();

    AccountService(Passwords passwords, KycServiceConfig config) {
        this.passwords = passwords;
        this.initialAdminUsername = config.initialAdmin().username();
    }

    /**
     * A new user account with an already computed password hash (the caller hashes before it asks, so a refused
     * name costs as much as a free one); 409 if the username is taken (registration may say so, login never does)
     * or is the initial admin's. The latter is refused even before the admin exists: an early registration of that
     * name would otherwise keep the admin from ever being created.
     */
    public Account register(String username, String passwordHash, String displayName) {
        if (isInitialAdminUsername(username)) {
            throw ProblemException.conflict("username " + username + " is reserved");
        }
        if (Account.findByUsername(username).isPresent()) {
            throw taken(username);
        }
        Account account = Account.create(username, passwordHash, displayName, Role.USER, now());
        try {
            account.persistAndFlush();
        } catch (PersistenceException e) {
            if (UniqueViolation.isCause(e)) {
                throw taken(username); // a concurrent registration of the same name won
            }
            throw e;
        }
        return account;
    }

    /**
     * Creates an account unless the username exists; safe when several instances start at once.
     *
     * @return whether this call created it
     */
    public boolean createIfAbsent(String username, String password, Role role) {
        int inserted = Account.getEntityManager().createNativeQuery("""
                INSERT INTO account (id, username, password_hash, role, created_at, version)
                VALUES (:id, :username, :hash, :role, :now, 0)
                ON CONFLICT (username) DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("username", username)
                .setParameter("hash", passwords.hash(password))
                .setParameter("role", role.group())
                .setParameter("now", now())
                .executeUpdate();
        return inserted == 1;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Account> find(UUID id) {
        return Account.findByIdOptional(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Account> findByUsername(String username) {
        return Account.findByUsername(username);
    }

    /** Whether {@code username} is the configured initial admin's, which only {@link InitialAdmin} may create. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isInitialAdminUsername(String username) {
        return username != null && username.strip().equalsIgnoreCase(initialAdminUsername.strip());
    }

    private static ProblemException taken(String username) {
        return ProblemException.conflict("username " + username + " is already taken");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
