package com.orbitlend.kyc.auth.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A customer or admin account. Its id is the {@code sub} of the account's tokens. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String username;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "display_name")
    public String displayName;

    @Convert(converter = Role.DbConverter.class)
    @Column(nullable = false)
    public Role role;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Version
    public long version;

    public static Account create(String username, String passwordHash, String displayName, Role role, Instant now) {
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.username = username;
        account.passwordHash = passwordHash;
        account.displayName = displayName;
        account.role = role;
        account.createdAt = now;
        return account;
    }

    public static Optional<Account> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    /** The {@code groups} claim of the account's tokens. */
    public Set<String> groups() {
        return Set.of(role.group());
    }
}
