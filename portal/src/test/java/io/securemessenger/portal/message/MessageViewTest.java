package io.securemessenger.portal.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sealed messages as the portal reads them, including the malformed ones mail servers pass on. */
class MessageViewTest {

    private static InputStream mime(String text) {
        return new ByteArrayInputStream(text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aTextBodyAnHtmlAlternativeAndAnAttachmentShouldBeTold() throws Exception {
        MessageView view = MessageView.read("msg-1", mime("From: Dr Grey <dr.grey@hospital.example>\nTo: pat@outside.example\n"
            + "Subject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b1\n\n--b1\n"
            + "Content-Type: multipart/alternative; boundary=b2\n\n--b2\nContent-Type: text/plain\n\nplain body\n--b2\n"
            + "Content-Type: text/html\n\n<p>html <script>x()</script>body</p>\n--b2--\n--b1\n"
            + "Content-Type: application/pdf; name=report.pdf\nContent-Disposition: attachment; filename=report.pdf\n"
            + "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQ=\n--b1--\n"));

        MessagePage page = view.page(java.util.Optional.empty());
        assertThat(page.from()).contains("Dr Grey");
        assertThat(page.safeHtml()).hasValueSatisfying(h -> assertThat(h).contains("html").doesNotContain("script"));
        assertThat(page.text()).as("the HTML part is shown instead").isEmpty();
        assertThat(view.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("report.pdf");
            assertThat(a.size()).isEqualTo(8);
            assertThat(a.id()).hasSize(32).doesNotContain("msg-1");
        });
        assertThat(MessageView.read("msg-2", mime("Content-Type: multipart/mixed; boundary=b1\n\n--b1\n"
            + "Content-Type: application/pdf\nContent-Disposition: attachment; filename=report.pdf\n\nx\n--b1--\n"))
            .attachments().get(0).id()).as("ids differ between messages").isNotEqualTo(view.attachments().get(0).id());
    }

    @Test
    void attachmentSizesShouldBeTheDecodedSizesWhateverTheEncoding() throws Exception {
        javax.mail.internet.MimeMultipart parts = new javax.mail.internet.MimeMultipart();
        java.util.Random random = new java.util.Random(7);
        int[] sizes = {0, 1, 2, 3, 4, 5, 57, 58, 100_001};
        for (int size : sizes) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            javax.mail.internet.MimeBodyPart part = new javax.mail.internet.MimeBodyPart();
            part.setContent(bytes, "application/octet-stream");
            part.setFileName("b" + size + ".bin");
            part.setHeader("Content-Transfer-Encoding", "base64");
            parts.addBodyPart(part);
        }
        for (String encoding : new String[] {"7bit", "quoted-printable"}) {
            javax.mail.internet.MimeBodyPart part = new javax.mail.internet.MimeBodyPart();
            part.setText("caf\u00e9 line one\nline two =\n" + "x".repeat(200), "UTF-8");
            part.setFileName(encoding + ".txt");
            part.setHeader("Content-Transfer-Encoding", encoding);
            parts.addBodyPart(part);
        }
        javax.mail.internet.MimeMessage message = new javax.mail.internet.MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()));
        message.setContent(parts);
        message.saveChanges();
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        message.writeTo(raw);

        MessageView view = MessageView.read("msg-sizes", new ByteArrayInputStream(raw.toByteArray()));
        javax.mail.internet.MimeMultipart parsed = (javax.mail.internet.MimeMultipart) new javax.mail.internet.MimeMessage(
            javax.mail.Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(raw.toByteArray())).getContent();
        assertThat(view.attachments()).hasSize(sizes.length + 2);
        for (int i = 0; i < parsed.getCount(); i++) {
            long decoded;
            try (InputStream in = parsed.getBodyPart(i).getInputStream()) {
                decoded = in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(view.attachments().get(i).size()).as(view.attachments().get(i).name()).isEqualTo(decoded);
        }
        assertThat(view.attachments().get(sizes.length - 1).size()).isEqualTo(100_001);
    }

    @Test
    void malformedMessagesShouldBeReadAsFarAsTheyCanWithoutFailingOrHanging() {
        Map<String, String> corpus = new LinkedHashMap<>();
        corpus.put("bad base64", "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!! not base64 ####\n");
        corpus.put("bad quoted-printable", "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ=\n=4\n");
        corpus.put("missing boundary", "Content-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhello\n--x--\n");
        corpus.put("boundary never closed", "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhello\n");
        corpus.put("unknown charset", "Content-Type: text/plain; charset=x-no-such-charset\n\nhello\n");
        corpus.put("8-bit header", "Subject: caf\u00e9 r\u00e9sultat\u00ff\u00fe\nContent-Type: text/plain\n\nhello\n");
        corpus.put("1 MB header line", "X-Long: " + "a".repeat(1024 * 1024) + "\nContent-Type: text/plain\n\nhello\n");
        corpus.put("zero-byte attachment", "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/pdf\n"
            + "Content-Disposition: attachment; filename=empty.pdf\n\n\n--b--\n");
        corpus.put("empty message", "");
        StringBuilder nested = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            nested.append("Content-Type: message/rfc822\n\n");
        }
        nested.append("Content-Type: text/plain\n\ndeep\n");
        corpus.put("message/rfc822 nested 100 deep", nested.toString());
        StringBuilder multipart = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            multipart.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        multipart.append("Content-Type: text/plain\n\ndeep\n");
        corpus.put("multipart nested 100 deep", multipart.toString());

        for (Map.Entry<String, String> entry : corpus.entrySet()) {
            assertThatCode(() -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                MessageView view = MessageView.read("msg-bad", mime(entry.getValue()));
                MessagePage page = view.page(java.util.Optional.empty());
                page.text();
                page.safeHtml();
                // What is kept of hostile mail reads back as what was shown.
                assertThat(MessagePage.read(page.toStream()).text()).isEqualTo(page.text());
                for (MessageView.Attachment attachment : view.attachments()) {
                    try (InputStream in = attachment.open()) {
                        in.readAllBytes();
                    } catch (IOException unreadable) {
                        // An attachment that cannot be decoded is an error to the downloader, not to the page.
                    }
                }
            })).as(entry.getKey()).doesNotThrowAnyException();
        }
    }
}
