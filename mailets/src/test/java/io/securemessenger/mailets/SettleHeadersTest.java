package io.securemessenger.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.mail.MessagingException;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.james.transport.mailets.RemoveMimeHeader;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What James' mandatory RemoveMimeHeader does to a malformed mail, and how SettleHeaders undoes it. */
class SettleHeadersTest {
    private static final String HEAD = "From: dr.grey@hospital.example\r\nTo: nurse@hospital.example, patient@outside.example\r\n"
        + "Subject: results\r\nMIME-Version: 1.0\r\n";

    /** What a test made, disposed after it as James disposes its own. */
    private final java.util.List<org.apache.james.lifecycle.api.Disposable> made = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void disposeWhatWasMade() {
        made.forEach(org.apache.james.lifecycle.api.Disposable::dispose);
    }

    /** A mail as James' SMTP server makes it: the bytes received, parsed only when asked. */
    private MailImpl received(String raw) throws Exception {
        MimeMessageWrapper message = new MimeMessageWrapper(MimeMessageInputStreamSource.create("test",
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1))));
        MailImpl mail = MailImpl.builder().name("m1").sender("dr.grey@hospital.example")
            .addRecipients("nurse@hospital.example", "patient@outside.example").mimeMessage(message).build();
        made.add(mail);
        made.add(message);
        return mail;
    }

    private static void removeBcc(MailImpl mail) throws Exception {
        RemoveMimeHeader remove = new RemoveMimeHeader();
        remove.init(FakeMailetConfig.builder().mailetName("RemoveMimeHeader").setProperty("name", "bcc").build());
        try {
            remove.service(mail);
        } catch (MessagingException e) {
            // mailetcontainer.xml says onMailetException=ignore for it: the mail goes on.
        }
    }

    private static String bytes(MailImpl mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static final String[] MALFORMED = {
        "Content-Type: text/plain; charset=\"utf-8\r\n\r\nan unbalanced quote\r\n",
        "Content-Type: text/plain; charset\r\n\r\na parameter without a value\r\n",
        "Content-Type: ;;;/\r\n\r\nno media type\r\n",
        "Content-Type: multipart/mixed; boundary=b\r\n\r\nno first boundary at all\r\n",
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=\"x\r\n\r\na nested unbalanced quote\r\n--b--\r\n"};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void jamesCannotSplitAMalformedMailOnceItsHeadersWereTouched(int which) throws Exception {
        MailImpl mail = received(HEAD + MALFORMED[which]);
        removeBcc(mail);

        // James' half-made copy is left for its leak detector: the test provokes that failure on purpose.
        assertThatThrownBy(() -> MailImpl.duplicate(mail)).isInstanceOf(MessagingException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aSettledMailShouldSplitIntoCopiesOfTheBytesReceived(int which) throws Exception {
        MailImpl mail = received(HEAD + MALFORMED[which]);
        removeBcc(mail);

        new SettleHeaders().service(mail);
        MailImpl copy = MailImpl.duplicate(mail);

        assertThat(bytes(copy)).isEqualTo(HEAD + MALFORMED[which]);
        assertThat(bytes(mail)).isEqualTo(HEAD + MALFORMED[which]);
        copy.dispose();
        mail.dispose();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void aBccHeaderShouldStayRemovedWhenTheMailIsSettled(int which) throws Exception {
        MailImpl mail = received("Bcc: hidden@outside.example\r\n" + HEAD + MALFORMED[which]);
        removeBcc(mail);

        new SettleHeaders().service(mail);
        MailImpl copy = MailImpl.duplicate(mail);

        assertThat(bytes(copy)).doesNotContain("Bcc").doesNotContain("hidden@outside.example").endsWith(MALFORMED[which].substring(
            MALFORMED[which].indexOf("\r\n\r\n")));
        copy.dispose();
        mail.dispose();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type: text/plain\r\n\r\nan ordinary message\r\n"})
    void anOrdinaryMailShouldComeOutAsItWent(String rest) throws Exception {
        MailImpl mail = received(HEAD + rest);
        removeBcc(mail);

        new SettleHeaders().service(mail);

        MailImpl copy = MailImpl.duplicate(mail);
        made.add(copy);
        assertThat(bytes(copy)).isEqualTo(HEAD + rest);
        assertThat(mail.getMessage().getSubject()).isEqualTo("results");
    }
}
