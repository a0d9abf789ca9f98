package io.securemessenger.dlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import javax.activation.DataHandler;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

class MessageTextExtractorTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private final MessageTextExtractor extractor = new MessageTextExtractor();
    private final DlpScanner scanner = new DlpScanner();
    private final DlpPolicy hipaa = DlpPolicies.load(DefaultPolicyTest.SHIPPED).policy("hipaa").orElseThrow();

    static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    static MimeMessage withAttachment(String body, byte[] content, String type, String fileName) throws Exception {
        MimeMessage message = new MimeMessage(SESSION);
        message.setSubject("Records");
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        multipart.addBodyPart(text);
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        attachment.setFileName(fileName);
        attachment.setHeader("Content-Transfer-Encoding", "base64");
        multipart.addBodyPart(attachment);
        message.setContent(multipart);
        message.saveChanges();
        return message;
    }

    static byte[] pdf(String line) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
                stream.beginText();
                stream.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                stream.newLineAtOffset(50, 700);
                stream.showText(line);
                stream.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    static byte[] docx(String paragraph) throws Exception {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText(paragraph);
            document.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void extractShouldDecodeEncodedAndFoldedSubjects() throws Exception {
        MimeMessage message = parse("Subject: =?UTF-8?B?U1NOIDUzNi0yMi04ODQ1?=\r\n =?UTF-8?Q?_f=C3=BCr_Anna?=\r\n\r\nhello\r\n");

        DlpReport report = scanner.scan(hipaa, extractor.extract(message));

        assertThat(MessageTextExtractor.subject(message)).isEqualTo("SSN 536-22-8845 für Anna");
        assertThat(report.subjectFlagged()).isTrue();
    }

    @Test
    void extractShouldReadHtmlOnlyBodiesAsText() throws Exception {
        MimeMessage message = parse("Subject: x\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
            + "<html><body><p>SSN:</p><b>536</b>-<i>22</i>-8845<script>var a=1;</script></body></html>\r\n");

        DlpReport report = scanner.scan(hipaa, extractor.extract(message));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("ssn");
            assertThat(f.location().kind()).isEqualTo(Location.Kind.HTML_BODY);
        });
    }

    @Test
    void extractShouldReadPdfAttachments() throws Exception {
        MimeMessage message = withAttachment("see attached", pdf("Patient SSN 536-22-8845"), "application/pdf", "Doe_John.pdf");

        DlpReport report = scanner.scan(hipaa, extractor.extract(message));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.location().toString()).isEqualTo("attachment#1(application/pdf)").doesNotContain("Doe");
        });
    }

    @Test
    void extractShouldReadWordAttachments() throws Exception {
        String type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        MimeMessage message = withAttachment("see attached", docx("Card on file: 4111 1111 1111 1111"), type, "notes.docx");

        assertThat(scanner.scan(hipaa, extractor.extract(message)).firedRules()).containsExactly("payment-card");
    }

    @Test
    void extractShouldReadNestedMessages() throws Exception {
        MimeMessage message = parse("Subject: Fwd\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: text/plain\r\n\r\nforwarding\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
            + "Subject: inner\r\n\r\nDOB: 03/14/1962\r\n--b--\r\n");

        assertThat(scanner.scan(hipaa, extractor.extract(message)).firedRules()).containsExactly("date-of-birth");
    }

    @Test
    void extractShouldCountUnreadableAttachmentsInsteadOfFailing() throws Exception {
        MimeMessage message = withAttachment("nothing sensitive", "%PDF-1.7 broken".getBytes(StandardCharsets.US_ASCII),
            "application/pdf", "x.pdf");

        DlpReport report = scanner.scan(hipaa, extractor.extract(message));

        assertThat(report.unscannedParts()).isEqualTo(1);
        assertThat(report.firedRules()).containsExactly(DlpScanner.UNSCANNABLE_RULE);
    }

    @Test
    void policyMayIgnoreUnreadableAttachments() throws Exception {
        MimeMessage message = withAttachment("nothing sensitive", "%PDF-1.7 broken".getBytes(StandardCharsets.US_ASCII),
            "application/pdf", "x.pdf");
        DlpPolicy lenient = DlpPolicy.of("lenient", hipaa.rules(), false, Optional.empty(), false);

        assertThat(scanner.scan(lenient, extractor.extract(message)).fired()).isFalse();
    }

    @Test
    void extractShouldStopAtTheCharacterLimitOfAPart() throws Exception {
        MimeMessage message = withAttachment("hello", ("x ".repeat(100) + "SSN 536-22-8845").getBytes(StandardCharsets.US_ASCII),
            "text/plain", "big.txt");

        assertThat(scanner.scan(hipaa, new MessageTextExtractor(50).extract(message)).fired()).isFalse();
        assertThat(scanner.scan(hipaa, new MessageTextExtractor(10_000).extract(message)).fired()).isTrue();
    }

    @Test
    void extractShouldHandleAMessageWithoutSubject() throws Exception {
        assertThat(extractor.extract(parse("\r\nbody\r\n")).segments()).first()
            .satisfies(s -> assertThat(s.text()).isEmpty());
        assertThat(Optional.of(MessageTextExtractor.subject(parse("\r\n")))).contains("");
    }
}
