package io.securemessenger.dlp.detect;

import static io.securemessenger.dlp.detect.DetectorTestSupport.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NpiDetectorTest {
    private final NpiDetector detector = new NpiDetector();

    @Test
    void findShouldReportNumbersWithValidCheckDigit() {
        assertThat(found(detector, "Referring NPI: 1234567893.")).containsExactly("1234567893");
    }

    @Test
    void findShouldIgnoreWrongCheckDigit() {
        assertThat(found(detector, "NPI 1234567890 or 1234567894")).isEmpty();
    }

    @Test
    void findShouldIgnoreNumbersNotStartingWithOneOrTwo() {
        // Both carry a valid check digit: only the leading digit disqualifies them.
        assertThat(found(detector, "3234567899 5234567894")).isEmpty();
    }

    @Test
    void findShouldIgnoreTenDigitsInsideLongerNumbers() {
        assertThat(found(detector, "12345678931 91234567893 1234-567893")).isEmpty();
    }
}
