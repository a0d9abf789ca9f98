package io.securemessenger.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void maskShouldKeepTheLastFourOfLongIdentifiersAndTheirShape() {
        assertThat(Masking.mask("536-22-8845")).isEqualTo("***-**-8845");
        assertThat(Masking.mask("4111 1111 1111 1111")).isEqualTo("**** **** **** 1111");
    }

    @Test
    void maskShouldHideShortValuesEntirely() {
        assertThat(Masking.mask("E11.9")).isEqualTo("***.*");
        assertThat(Masking.mask("03/14/62")).isEqualTo("**/**/**");
    }
}
