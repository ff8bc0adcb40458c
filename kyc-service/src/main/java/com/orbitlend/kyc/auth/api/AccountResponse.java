package com.orbitlend.kyc.auth.api;

import com.orbitlend.kyc.auth.account.Account;

import java.util.Set;

/** A registered account: its id (the {@code sub} of its tokens), username and groups. */
public record AccountResponse(String id, String username, Set<String> groups) {

    static AccountResponse of(Account account) {
        return new AccountResponse(account.id.toString(), account.username, account.groups());
    }
}
