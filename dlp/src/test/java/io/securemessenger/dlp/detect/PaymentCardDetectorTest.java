package io.securemessenger.dlp.detect;

import static io.securemessenger.dlp.detect.DetectorTestSupport.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentCardDetectorTest {
    private final PaymentCardDetector detector = new PaymentCardDetector();

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444",
        "2223003122003222", "378282246310005", "3782 822463 10005", "6011111111111117", "3530111333300000"})
    void findShouldReportValidCardNumbers(String number) {
        assertThat(found(detector, "card: " + number + ".")).containsExactly(number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111112", "4111 1111 1111 1112", "1234567812345670", "411111111111111",
        "41111 11111 11111 1", "4111-1111 1111-1111"})
    void findShouldIgnoreNearMisses(String text) {
        assertThat(found(detector, text)).isEmpty();
    }
}
