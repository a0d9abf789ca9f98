package io.securemessenger.dlp.detect;

import java.util.ArrayList;
import java.util.List;

final class DetectorTestSupport {
    private DetectorTestSupport() {
    }

    static List<String> found(Detector detector, String text) {
        List<String> out = new ArrayList<>();
        detector.find(text, 0, text.length(), (start, end) -> out.add(text.substring(start, end)));
        return out;
    }
}
