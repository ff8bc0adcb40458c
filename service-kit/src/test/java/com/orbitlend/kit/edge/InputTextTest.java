package com.orbitlend.kit.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InputTextTest {

    @Test
    void nulAndUnpairedSurrogatesAreRefusedAnythingElsePasses() {
        assertThat(InputText.problem("a\u0000b")).contains("NUL");
        assertThat(InputText.problem("\u0000")).contains("NUL");
        assertThat(InputText.problem("x\ud800")).contains("unpaired surrogate");
        assertThat(InputText.problem("\udc00x")).contains("unpaired surrogate");
        assertThat(InputText.problem("\ud800\ud800\udc00")).contains("unpaired surrogate");
        assertThat(InputText.problem("💣 Ünïcödé \u202E\t\n")).isNull();
        assertThat(InputText.problem("")).isNull();
        assertThat(InputText.problem(null)).isNull();
    }
}
