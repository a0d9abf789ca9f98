package io.securemessenger.dlp.detect;

import static io.securemessenger.dlp.detect.DetectorTestSupport.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DateDetectorTest {
    private final DateDetector detector = new DateDetector();

    @Test
    void findShouldReportCommonWrittenForms() {
        assertThat(found(detector, "03/14/1962; 1962-03-14; 14.03.1962; March 14, 1962; 14 Mar 1962; 3-4-62"))
            .containsExactly("03/14/1962", "1962-03-14", "14.03.1962", "March 14, 1962", "14 Mar 1962", "3-4-62");
    }

    @Test
    void findShouldIgnoreImpossibleAndFutureDates() {
        assertThat(found(detector, "02/30/1980 13/01/1980 1850-01-01 2999-01-01 February 30, 1990")).isEmpty();
    }
}
