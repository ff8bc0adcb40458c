package com.orbitlend.kyc.auth.password;

import java.util.regex.Pattern;

/** The rules for usernames and passwords, shared by request validation and the initial admin. */
public final class PasswordPolicy {

    public static final String USERNAME_PATTERN = "^[a-z0-9._-]{3,64}$";
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private static final Pattern USERNAME = Pattern.compile(USERNAME_PATTERN);

    private PasswordPolicy() {
    }

    public static boolean isAcceptableUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    public static boolean isAcceptablePassword(String password) {
        return password != null && password.length() >= MIN_LENGTH && password.length() <= MAX_LENGTH;
    }
}
