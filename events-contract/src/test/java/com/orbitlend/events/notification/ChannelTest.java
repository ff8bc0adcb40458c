package com.orbitlend.events.notification;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelTest {

    @Test
    void parsesAndPrintsEachKind() {
        assertThat(Channel.parse("user:alice")).isEqualTo(Channel.user("alice"));
        assertThat(Channel.parse("role:admin")).isEqualTo(Channel.role("admin"));
        assertThat(Channel.parse("public:marketplace").toString()).isEqualTo("public:marketplace");
        assertThat(Channel.parse("user:auth0|5f1c@x.io").name()).isEqualTo("auth0|5f1c@x.io");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", ":alice", "team:a", "user:", "user:a b", "user:a:b", "USER:a"})
    void rejectsAnythingElse(String value) {
        assertThatThrownBy(() -> Channel.parse(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsOverlongNames() {
        assertThatThrownBy(() -> Channel.user("a".repeat(201))).isInstanceOf(IllegalArgumentException.class);
    }
}
