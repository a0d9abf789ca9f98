package io.securemessenger.dlp.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordSetTest {

    @Test
    void findShouldMatchWholeWordsCaseInsensitively() {
        KeywordSet set = KeywordSet.of("k", List.of("Patient", "date of birth"));
        String text = ScanText.lowerCasePreservingLength("PATIENT outpatient patients; Date of Birth");
        KeywordSet.Occurrences found = set.find(text, 0, text.length());
        assertThat(found.size()).isEqualTo(2);
        assertThat(found.start(0)).isZero();
        assertThat(text.substring(found.start(1), found.end(1))).isEqualTo("date of birth");
    }

    @Test
    void nearShouldHonourTheWindowOnBothSides() {
        KeywordSet set = KeywordSet.of("k", List.of("dob"));
        String text = "dob" + " ".repeat(10) + "X" + " ".repeat(30) + "Y";
        KeywordSet.Occurrences found = set.find(text, 0, text.length());
        assertThat(found.near(13, 14, 11, 3)).isTrue();
        assertThat(found.near(44, 45, 11, 3)).isFalse();
    }

    @Test
    void ofShouldRefuseAnEmptyList() {
        assertThatThrownBy(() -> KeywordSet.of("empty", List.of(" ", ""))).hasMessageContaining("empty");
    }
}
