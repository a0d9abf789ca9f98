package io.securemessenger.dlp.detect;

import static io.securemessenger.dlp.detect.DetectorTestSupport.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Icd10DetectorTest {
    private final Icd10Detector detector = new Icd10Detector();

    @Test
    void findShouldReportCodesWithAndWithoutSubcategories() {
        assertThat(found(detector, "Dx: E11.9, S72.001A and J45; C4A.0")).containsExactly("E11.9", "S72.001A", "J45", "C4A.0");
    }

    @Test
    void findShouldIgnoreLookAlikes() {
        assertThat(found(detector, "U07.1 e11.9 AE11 E1 E11X 5E11")).isEmpty();
    }
}
