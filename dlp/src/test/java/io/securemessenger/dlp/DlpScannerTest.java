package io.securemessenger.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.securemessenger.dlp.detect.KeywordDetector;
import io.securemessenger.dlp.detect.KeywordSet;
import io.securemessenger.dlp.detect.SsnDetector;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DlpScannerTest {
    private final DlpScanner scanner = new DlpScanner();

    @Test
    void scanShouldCountMatchesAcrossSegmentsAgainstTheMinimum() {
        DlpPolicy policy = DlpPolicy.of("p", List.of(DlpRule.builder("ssn", new SsnDetector(SsnDetector.Form.FORMATTED)).minCount(2).build()),
            false, Optional.empty());
        List<Segment> one = List.of(Segment.of(Location.textBody(1), "536-22-8845"));
        List<Segment> two = List.of(Segment.of(Location.textBody(1), "536-22-8845"),
            Segment.of(Location.attachment(1, "application/pdf"), "536-22-8846"));

        assertThat(scanner.scan(policy, one).fired()).isFalse();
        DlpReport report = scanner.scan(policy, two);
        assertThat(report.findings()).extracting(Finding::location)
            .containsExactly(Location.textBody(1), Location.attachment(1, "application/pdf"));
    }

    @Test
    void scanShouldOnlyCountMatchesInsideTheProximityWindow() {
        KeywordSet terms = KeywordSet.of("t", List.of("ssn"));
        DlpPolicy policy = DlpPolicy.of("p", List.of(DlpRule.builder("near", new SsnDetector(SsnDetector.Form.BARE)).near(terms, 20).build()),
            false, Optional.empty());
        String far = "ssn" + " ".repeat(50) + "536228845";
        String close = "ssn:      536228845 and again " + "x".repeat(60) + " 536228846";

        assertThat(scanner.scan(policy, List.of(Segment.of(Location.textBody(1), far))).fired()).isFalse();
        assertThat(scanner.scan(policy, List.of(Segment.of(Location.textBody(1), close))).findings())
            .singleElement().extracting(Finding::count).isEqualTo(1);
    }

    @Test
    void scanShouldSupportKeywordCountRules() {
        KeywordSet terms = KeywordSet.of("conf", List.of("confidential"));
        DlpPolicy policy = DlpPolicy.of("p", List.of(DlpRule.builder("conf", new KeywordDetector(terms)).minCount(3).build()),
            false, Optional.empty());

        assertThat(scanner.scan(policy, List.of(Segment.of(Location.textBody(1), "Confidential. confidential!"))).fired()).isFalse();
        assertThat(scanner.scan(policy, List.of(Segment.of(Location.textBody(1), "Confidential. confidential! CONFIDENTIAL")))
            .findings()).singleElement().extracting(Finding::count).isEqualTo(3);
    }

    @Test
    void findingJsonShouldCarryTheMaskedSampleNeverTheValue() {
        DlpPolicy policy = DlpPolicy.of("p", List.of(DlpRule.builder("ssn", new SsnDetector(SsnDetector.Form.FORMATTED)).build()), false, Optional.empty());
        Finding finding = scanner.scan(policy, List.of(Segment.of(Location.textBody(1), "536-22-8845"))).findings().get(0);

        assertThat(finding.toJson("p", "a.eml"))
            .isEqualTo("{\"policy\":\"p\",\"source\":\"a.eml\",\"rule\":\"ssn\",\"location\":\"text-body#1\",\"count\":1,\"sample\":\"***-**-8845\"}")
            .doesNotContain("536-22");
    }
}
