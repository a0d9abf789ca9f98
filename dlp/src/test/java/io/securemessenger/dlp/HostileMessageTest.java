package io.securemessenger.dlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Malformed and hostile messages reach the DLP matcher straight from SMTP. Extraction must end,
 * without an exception escaping, and what cannot be read must be counted (so the policy protects
 * the message) rather than silently skipped.
 */
@Timeout(60)
class HostileMessageTest {
    private final MessageTextExtractor extractor = new MessageTextExtractor();
    private final DlpScanner scanner = new DlpScanner();
    private final DlpPolicy hipaa = DlpPolicies.load(DefaultPolicyTest.SHIPPED).policy("hipaa").orElseThrow();

    private static MimeMessage parse(String raw) throws Exception {
        return parse(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    private DlpReport scan(MimeMessage message) {
        return scanner.scan(hipaa, extractor.extract(message));
    }

    @Test
    void messagesNestedAHundredDeepShouldStopAtTheDepthLimitAndBeProtected() throws Exception {
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            raw.append("Subject: level ").append(i).append("\r\nContent-Type: message/rfc822\r\n\r\n");
        }
        raw.append("Subject: bottom\r\n\r\nSSN 536-22-8845\r\n");

        DlpReport report = scan(parse(raw.toString()));

        assertThat(report.unscannedParts()).isPositive();
        assertThat(report.fired()).isTrue();
    }

    @Test
    void badBase64AndQuotedPrintableShouldNotEscape() throws Exception {
        String raw = "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nSSN =3 536-22-8845 =ZZ=\r\n"
            + "--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment\r\n\r\n"
            + "!!!not*base64@@@\r\n--b--\r\n";

        assertThatCode(() -> scan(parse(raw))).doesNotThrowAnyException();
        assertThat(scan(parse(raw)).fired()).isTrue();
    }

    @Test
    void missingAndUnterminatedBoundariesShouldNotEscape() throws Exception {
        String noBoundary = "Subject: x\r\nContent-Type: multipart/mixed\r\n\r\nSSN 536-22-8845\r\n";
        String unterminated = "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
            + "SSN 536-22-8845\r\n--b\r\nContent-Type: multipart/alternative; boundary=c\r\n\r\n--c\r\n";

        assertThat(scan(parse(noBoundary)).fired()).isTrue();
        assertThat(scan(parse(unterminated)).fired()).isTrue();
    }

    @Test
    void unknownCharsetsShouldBeReadOrCounted() throws Exception {
        String raw = "Subject: =?x-no-such-charset?B?U1NOIDUzNi0yMi04ODQ1?=\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\n"
            + "SSN 536-22-8845\r\n";

        assertThat(scan(parse(raw)).fired()).isTrue();
    }

    @Test
    void aHeaderOfOneMegabyteShouldBeScanned() throws Exception {
        String raw = "Subject: " + "a".repeat(1024 * 1024) + " 536-22-8845\r\n\r\nbody\r\n";

        DlpReport report = scan(parse(raw));

        assertThat(report.subjectFlagged()).isTrue();
    }

    @Test
    void aZipBombDocumentShouldBeCountedUnreadableNotExpanded() throws Exception {
        String type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        byte[] bomb = zipBombDocx(200L * 1024 * 1024);
        MimeMessage message = MessageTextExtractorTest.withAttachment("nothing sensitive", bomb, type, "report.docx");

        DlpReport report = scan(message);

        assertThat(bomb.length).isLessThan(1024 * 1024);
        assertThat(report.unscannedParts()).isEqualTo(1);
        assertThat(report.firedRules()).containsExactly(DlpScanner.UNSCANNABLE_RULE);
    }

    @Test
    void anHtmlBombShouldNotEscape() throws Exception {
        String html = "<div>".repeat(200_000) + "SSN 536-22-8845" + "</div>".repeat(200_000);
        MimeMessage message = parse("Subject: x\r\nContent-Type: text/html\r\n\r\n" + html + "\r\n");

        assertThatCode(() -> scan(message)).doesNotThrowAnyException();
        assertThat(scan(message).fired()).isTrue();
    }

    @Test
    void zeroByteAndHugeAttachmentsShouldBeHandled() throws Exception {
        MimeMessage empty = MessageTextExtractorTest.withAttachment("x", new byte[0], "application/pdf", "empty.pdf");
        byte[] big = ("SSN 536-22-8845 " + "filler ".repeat(3_000_000)).getBytes(StandardCharsets.US_ASCII);
        MimeMessage huge = MessageTextExtractorTest.withAttachment("x", big, "text/plain", "big.txt");

        assertThatCode(() -> scan(empty)).doesNotThrowAnyException();
        assertThat(scan(huge).fired()).isTrue();
    }

    /** A .docx whose document.xml inflates from a few hundred kilobytes to {@code inflated} bytes. */
    private static byte[] zipBombDocx(long inflated) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write(("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                + "</Types>").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("_rels/.rels"));
            zip.write(("<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                + "</Relationships>").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"
                .getBytes(StandardCharsets.UTF_8));
            byte[] filler = new byte[1024 * 1024];
            java.util.Arrays.fill(filler, (byte) 'A');
            for (long written = 0; written < inflated; written += filler.length) {
                zip.write(filler);
            }
            zip.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
