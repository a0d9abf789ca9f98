package io.securemessenger.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sizes as people read them on the portal and in the product's mail. */
class SizesTest {

    @Test
    void sizesShouldReadAsBytesWholeKilobytesOrMegabytesToOneDecimal() {
        assertThat(Sizes.human(0)).isEqualTo("0 bytes");
        assertThat(Sizes.human(1023)).isEqualTo("1023 bytes");
        assertThat(Sizes.human(1024)).isEqualTo("1 KB");
        assertThat(Sizes.human(1536)).as("half up").isEqualTo("2 KB");
        assertThat(Sizes.human(240 * 1024 + 100)).isEqualTo("240 KB");
        assertThat(Sizes.human(1024 * 1024 - 1)).isEqualTo("1024 KB");
        assertThat(Sizes.human(1024 * 1024)).isEqualTo("1.0 MB");
        assertThat(Sizes.human(3 * 1024 * 1024 + 512 * 1024)).isEqualTo("3.5 MB");
        assertThat(Sizes.human(25L * 1024 * 1024 - 1)).isEqualTo("25.0 MB");
        assertThat(Sizes.human(10L * 1024 * 1024 * 1024)).isEqualTo("10240.0 MB");
    }
}
