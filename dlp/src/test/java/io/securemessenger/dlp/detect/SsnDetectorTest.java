package io.securemessenger.dlp.detect;

import static io.securemessenger.dlp.detect.DetectorTestSupport.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsnDetectorTest {
    private final SsnDetector formattedOnly = new SsnDetector(SsnDetector.Form.FORMATTED);

    @Test
    void findShouldReportDashedAndSpacedNumbers() {
        assertThat(found(formattedOnly, "SSN 536-22-8845, alt 536 22 8846."))
            .containsExactly("536-22-8845", "536 22 8846");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "999-99-9999", "536-00-8845",
        "536-22-0000", "078-05-1120", "219-09-9999", "123-45-6789"})
    void findShouldIgnoreNumbersNeverIssued(String number) {
        assertThat(found(formattedOnly, "ssn " + number)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"536-228-845", "536-22-88456", "1536-22-8845", "536-22 8845", "X536-22-8845", "536-22-8845a",
        "415-514-4100"})
    void findShouldIgnoreNearMisses(String text) {
        assertThat(found(formattedOnly, text)).isEmpty();
    }

    @Test
    void findShouldSeparateFormattedAndBareNumbers() {
        SsnDetector bare = new SsnDetector(SsnDetector.Form.BARE);
        assertThat(found(formattedOnly, "order 536228845")).isEmpty();
        assertThat(found(bare, "order 536228845, ssn 536-22-8846")).containsExactly("536228845");
    }
}
