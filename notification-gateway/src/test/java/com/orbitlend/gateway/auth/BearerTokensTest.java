package com.orbitlend.gateway.auth;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokensTest {

    private static String carried(String token) {
        // what a browser sends: encodeURIComponent("quarkus-http-upgrade#Authorization#Bearer " + token)
        return URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    @Test
    void theAuthorizationHeaderComesFirst() {
        assertThat(BearerTokens.of("Bearer a.b.c", "bearer-token-carrier, " + carried("x.y.z"))).isEqualTo("a.b.c");
        assertThat(BearerTokens.of("bearer  a.b.c ", null)).isEqualTo("a.b.c");
    }

    @Test
    void browsersCarryTheTokenInTheSubprotocolList() {
        assertThat(BearerTokens.of(null, "bearer-token-carrier, " + carried("x.y.z"))).isEqualTo("x.y.z");
        assertThat(BearerTokens.of("Basic dXNlcjpwYXNz", "bearer-token-carrier," + carried("x.y.z")))
                .isEqualTo("x.y.z");
    }

    @Test
    void nothingUsableIsNoToken() {
        assertThat(BearerTokens.of(null, null)).isNull();
        assertThat(BearerTokens.of("Bearer ", null)).isNull();
        assertThat(BearerTokens.of("Basic dXNlcjpwYXNz", null)).isNull();
        assertThat(BearerTokens.of(null, "bearer-token-carrier")).isNull();
        assertThat(BearerTokens.of(null, "bearer-token-carrier, quarkus-http-upgrade%23Authorization%23Basic%20x"))
                .isNull();
        // a malformed escape is skipped, not an error
        assertThat(BearerTokens.of(null, "%zz, " + carried("x.y.z"))).isEqualTo("x.y.z");
    }
}
