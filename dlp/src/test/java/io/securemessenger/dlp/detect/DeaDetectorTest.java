package io.securemessenger.dlp.detect;

import static io.securemessenger.dlp.detect.DetectorTestSupport.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeaDetectorTest {
    private final DeaDetector detector = new DeaDetector();

    @Test
    void findShouldReportRegistrationNumbersWithValidCheckDigit() {
        // 1+3+5 + 2*(2+4+6) = 33: check digit 3.
        assertThat(found(detector, "DEA# AB1234563, also bj1234563")).containsExactly("AB1234563", "bj1234563");
    }

    @Test
    void findShouldIgnoreWrongCheckDigit() {
        assertThat(found(detector, "AB1234562")).isEmpty();
    }

    @Test
    void findShouldIgnoreUnknownRegistrantTypes() {
        assertThat(found(detector, "IB1234563 NB1234563 ZB1234563")).isEmpty();
    }

    @Test
    void findShouldIgnoreNumbersGluedToOtherCharacters() {
        assertThat(found(detector, "XAB1234563 AB12345634")).isEmpty();
    }

    @Test
    void findShouldReportANumberWhateverTextAndDigitsComeBeforeIt() {
        // The detector skips ahead where no number can start; a number must be found at every offset.
        for (int offset = 0; offset <= 20; offset++) {
            String before = "9 x-1 23 4567 89 ".repeat(2).substring(0, offset);
            String text = before + (offset == 0 || !Character.isLetterOrDigit(before.charAt(offset - 1)) ? "" : " ") + "AB1234563 and 7";
            assertThat(found(detector, text)).as("after %s", before).containsExactly("AB1234563");
        }
    }

    @Test
    void findShouldReportANumberEndingTheRegion() {
        String text = "DEA AB1234563";
        assertThat(found(detector, text)).containsExactly("AB1234563");
        assertThat(found(detector, text.substring(0, text.length() - 1))).isEmpty();
    }
}
