package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.mail.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Malformed mail through SMTP into the running server, each to a mailbox inside and a recipient
 * outside: bad encodings, broken and deeply nested MIME, huge header lines and attachments,
 * broken charsets, an HTML bomb, a broken PDF. None may crash or hang the server, and each copy
 * must end delivered, sealed, or in the error repository; afterwards ordinary mail still flows.
 * Each case is told apart by its envelope sender.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputServerTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String NURSE = "nurse.joy@hospital.test";
    private static final String PATIENT = "patient@outside.test";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private HospitalServer hospital;
    private ExternalSmtpServer outside;
    private Settings settings;

    @BeforeAll
    void startServers() throws Exception {
        hospital = HospitalServer.start("hostile", (s, outsidePort) -> s);
        outside = hospital.outside;
        settings = hospital.settings;
        hospital.addUsers(PASSWORD, NURSE);
    }

    @AfterAll
    void stopServers() {
        if (hospital != null) {
            hospital.close();
        }
    }

    private static Map<String, byte[]> corpus() {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        String head = "From: Dr Grey <dr.grey@hospital.test>\nTo: " + NURSE + ", " + PATIENT + "\nMIME-Version: 1.0\n";
        cases.put("bad base64", (head + "Subject: bad base64\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!! ### not base64 @@@\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("bad quoted-printable", (head + "Subject: bad qp\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ=4\n=\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("no boundary", (head + "Subject: no boundary\nContent-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhi\n--x--\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("unclosed boundary", (head + "Subject: unclosed\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n").getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder multipart = new StringBuilder(head + "Subject: nested multipart\n");
        for (int i = 0; i < 100; i++) {
            multipart.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        cases.put("multipart 100 deep", multipart.append("Content-Type: text/plain\n\ndeep\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        StringBuilder rfc822 = new StringBuilder(head + "Subject: nested rfc822\n");
        for (int i = 0; i < 100; i++) {
            rfc822.append("Content-Type: message/rfc822\n\n");
        }
        cases.put("message/rfc822 100 deep", rfc822.append("Content-Type: text/plain\n\ndeep\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        cases.put("8000-byte header line", (head + "Subject: long header\nX-Long: " + "a".repeat(8000) + "\nContent-Type: text/plain\n\nhi\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        cases.put("8-bit and broken charsets in headers", (head + "Subject: caf\u00e9 \u00ff\u00fe =?x-no-such?B?////?= =?utf-8?Q?=ZZ?=\n"
            + "Content-Type: text/plain; charset=x-no-such-charset\n\nhi\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("zero-byte attachment", (head + "Subject: empty attachment\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee\n"
            + "--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=empty.pdf\n\n\n--b--\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("10 MB attachment", (head + "Subject: big attachment\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee\n"
            + "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=big.bin\nContent-Transfer-Encoding: base64\n\n"
            + Base64.getMimeEncoder().encodeToString(new byte[10 * 1024 * 1024]) + "\n--b--\n").getBytes(StandardCharsets.ISO_8859_1));
        // Deeply nested, on lines shorter than the server reads (a longer line is refused whole: see below).
        cases.put("HTML bomb", (head + "Subject: html bomb\nContent-Type: text/html\n\n" + ("<div>".repeat(1000) + "\n").repeat(100) + "x"
            + ("<b>".repeat(1000) + "\n").repeat(200))
            .getBytes(StandardCharsets.ISO_8859_1));
        cases.put("broken PDF", (head + "Subject: broken pdf\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nsee\n"
            + "--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=r.pdf\n\n%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R\n"
            + "trailer << /Root 1 0 R >>\n%%EOF\n--b--\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("NUL bytes", (head + "Subject: nul\nContent-Type: text/plain\n\nab\u0000cd\u0000\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("headers only", (head + "Subject: headers only\n").getBytes(StandardCharsets.ISO_8859_1));
        // Each parses once, when received, but not when James re-parses it to copy it for a second recipient.
        cases.put("unbalanced quote in Content-Type", (head + "Subject: unbalanced\nContent-Type: text/plain; charset=\"utf-8\n\nhi\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        cases.put("Content-Type parameter without value", (head + "Subject: no value\nContent-Type: text/plain; charset\n\nhi\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        cases.put("Content-Type without media type", (head + "Subject: no type\nContent-Type: ;;;/\n\nhi\n").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("multipart without first boundary", (head + "Subject: no start\nContent-Type: multipart/mixed; boundary=b\n\nno parts\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        cases.put("nested unbalanced quote, with Bcc", ("Bcc: hidden@outside.test\n" + head + "Subject: nested\nContent-Type: multipart/mixed; "
            + "boundary=b\n\n--b\nContent-Type: text/plain; charset=\"x\n\nhi\n--b--\n").getBytes(StandardCharsets.ISO_8859_1));
        return cases;
    }

    @Test
    void malformedMailShouldNeverCrashOrHangTheServerOrDisappear() throws Exception {
        Map<String, String> senders = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, byte[]> hostile : corpus().entrySet()) {
            String sender = "hostile-" + (n++) + "@hospital.test";
            senders.put(sender, hostile.getKey());
            String answer = RawSmtp.send(settings.smtpPort(), sender, List.of(NURSE, PATIENT), hostile.getValue());
            assertThat(answer).as(hostile.getKey()).startsWith("250");
        }

        for (Map.Entry<String, String> sent : senders.entrySet()) {
            String sender = sent.getKey();
            // A mail that could be accepted for both is delivered to both: none may wait in the error repository.
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
                assertThat(insideCopyDelivered(sender)).as("the nurse's copy of " + sent.getValue()).isTrue();
                assertThat(outsideCopyRelayed(sender) || sealed(sender)).as("the patient's copy of " + sent.getValue()).isTrue();
            });
        }
        List<String> inbox = await().atMost(PATIENCE).ignoreExceptions().until(this::inboxHeaders, headers -> true);
        assertThat(new WebAdmin(settings.webAdminPort()).repositorySize("var/mail/error")).as("the error repository").isZero();
        assertThat(outside.received()).as("no Bcc leaves").noneMatch(r -> r.raw.contains("hidden@outside.test"));
        for (Map.Entry<String, String> sent : senders.entrySet()) {
            String sender = sent.getKey();
            System.out.printf("Hostile input %-38s inside: %-9s outside: %s%n", sent.getValue(),
                inbox.stream().anyMatch(h -> h.contains("<" + sender + ">")) ? "delivered" : "error",
                outsideCopyRelayed(sender) ? "relayed" : sealed(sender) ? "sealed" : "error");
        }
        TestServers.relay(settings.smtpPort(), "dr.grey@hospital.test", "Still here", "ordinary mail after the storm", NURSE);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> inboxHeaders().stream().anyMatch(h -> h.contains("Still here")));
    }

    @Test
    void aLineLongerThanTheServerReadsShouldRefuseTheMessageWholeWithOneReply() throws Exception {
        String head = "From: Dr Grey <dr.grey@hospital.test>\nTo: " + NURSE + ", " + PATIENT + "\nMIME-Version: 1.0\n";
        Map<String, String> cases = Map.of(
            "long-body", head + "Subject: long body line\nContent-Type: text/plain\n\nbefore\n" + "x".repeat(20_000) + "\nafter\n",
            "long-header", head + "Subject: long header\nX-Long: " + "a".repeat(1024 * 1024) + "\nContent-Type: text/plain\n\nhi\n");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            // RawSmtp sends QUIT after the end of DATA and expects 221: a second reply to DATA would fail it.
            String answer = RawSmtp.send(settings.smtpPort(), c.getKey() + "@hospital.test", List.of(NURSE, PATIENT),
                c.getValue().getBytes(StandardCharsets.ISO_8859_1));

            assertThat(answer).as(c.getKey()).startsWith("554 5.6.0");
        }
        // Ordinary mail sent after them arrives; the refused ones never do.
        TestServers.relay(settings.smtpPort(), "dr.grey@hospital.test", "After the long lines", "ordinary", NURSE, PATIENT);
        await().atMost(PATIENCE).ignoreExceptions().until(() -> inboxHeaders().stream().anyMatch(h -> h.contains("After the long lines")));
        await().atMost(PATIENCE).until(() -> outside.received().stream().anyMatch(r -> r.raw.contains("After the long lines")));
        for (String refused : cases.keySet()) {
            assertThat(insideCopyDelivered(refused + "@hospital.test")).as(refused).isFalse();
            assertThat(outsideCopyRelayed(refused + "@hospital.test")).as(refused).isFalse();
        }
    }

    /** A message that has passed {@code hops} servers already, from the nurse to the patient outside. */
    private static byte[] withReceivedHeaders(int hops, String marker) {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < hops; i++) {
            message.append("Received: from relay").append(i).append(".example by relay").append(i + 1)
                .append(".example with ESMTP id ").append(i).append("; Tue, 1 Dec 2026 10:00:00 +0000\n");
        }
        return message.append("From: ").append(NURSE).append("\nTo: ").append(PATIENT).append("\nSubject: Looping ").append(marker)
            .append("\nContent-Type: text/plain\n\nround and round ").append(marker).append('\n').toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aLoopingMailShouldBeBouncedToItsSenderAndLoggedNeverRelayed() throws Exception {
        CapturedLog log = new CapturedLog("io.securemessenger.mailets.LogReason");
        String marker = "loop-" + java.util.UUID.randomUUID();

        assertThat(RawSmtp.send(settings.smtpPort(), NURSE, List.of(PATIENT), withReceivedHeaders(100, marker))).startsWith("250");

        Message dsn = new Mailboxes(settings.imapPort(), PASSWORD, PATIENCE).awaitSubject(NURSE, marker);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        dsn.writeTo(raw);
        assertThat(raw.toString(StandardCharsets.UTF_8)).contains("Status: 5.4.6").contains("Final-Recipient: rfc822; " + PATIENT)
            .doesNotContain("round and round");
        await().atMost(PATIENCE).until(() -> log.events().stream().anyMatch(e -> e.getFormattedMessage().contains("routing loop")));
        assertThat(log.events()).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(marker).doesNotContain(PATIENT));
        log.close();
        assertThat(outside.receivedWith(marker)).isEmpty();
    }

    @Test
    void aLoopingMailWithoutASenderShouldBeKeptWhereTheAdministratorSeesIt() throws Exception {
        String marker = "loop-" + java.util.UUID.randomUUID();
        WebAdmin webAdmin = new WebAdmin(settings.webAdminPort());
        long before = Math.max(0, webAdmin.repositorySize("var/mail/relay-loop"));

        assertThat(RawSmtp.send(settings.smtpPort(), "", List.of(PATIENT), withReceivedHeaders(120, marker))).startsWith("250");

        await().atMost(PATIENCE).until(() -> webAdmin.repositorySize("var/mail/relay-loop") == before + 1);
        assertThat(outside.receivedWith(marker)).isEmpty();
    }

    @Test
    void aMailThatPassedFortyServersShouldStillBeDelivered() throws Exception {
        String marker = "hops-" + java.util.UUID.randomUUID();

        assertThat(RawSmtp.send(settings.smtpPort(), NURSE, List.of(PATIENT), withReceivedHeaders(40, marker))).startsWith("250");

        await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).size() == 1);
    }

    private boolean insideCopyDelivered(String sender) throws Exception {
        return inboxHeaders().stream().anyMatch(h -> h.contains("<" + sender + ">"));
    }

    private boolean outsideCopyRelayed(String sender) {
        return outside.received().stream().anyMatch(r -> sender.equals(r.envelopeFrom));
    }

    private boolean sealed(String sender) throws Exception {
        return Mailboxes.vaultDump(settings.dataDir()).contains("|" + sender + "|");
    }

    /** The Return-Path and Subject of each mail in the nurse's inbox (fetched alone: one header is 1 MB long). */
    private List<String> inboxHeaders() throws Exception {
        // A stuck read fails this poll (Mailboxes' timeouts), and the next one tries again.
        return Mailboxes.readInbox(settings.imapPort(), NURSE, PASSWORD, inbox -> {
            Message[] messages = inbox.getMessages();
            javax.mail.FetchProfile wanted = new javax.mail.FetchProfile();
            wanted.add("Return-Path");
            wanted.add("Subject");
            inbox.fetch(messages, wanted);
            List<String> headers = new ArrayList<>();
            for (Message message : messages) {
                headers.add(String.join(" ", java.util.Optional.ofNullable(message.getHeader("Return-Path")).orElse(new String[0])) + " "
                    + String.join(" ", java.util.Optional.ofNullable(message.getHeader("Subject")).orElse(new String[0])));
            }
            return headers;
        });
    }
}
