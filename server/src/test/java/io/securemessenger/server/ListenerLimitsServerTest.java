package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the SMTP and IMAP listeners accept, as a client meets it over TCP: TLS (1.2 and 1.3, AEAD
 * ciphers only, after STARTTLS), and the SMTP listener's limits: connections in all and per address
 * (here 3 and 2), and a deadline for each line (here 5 seconds) that also ends a client dripping
 * one byte a second: each refusal is a 421 reply, then the connection closes. And the size limit
 * (here 256 KiB), which says what it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenerLimitsServerTest {
    private HospitalServer hospital;
    private final List<Socket> open = new ArrayList<>();
    private int tlsClients;

    @BeforeAll
    void startServer() throws Exception {
        hospital = HospitalServer.start("limits", (s, outsidePort) -> s.smtpConnections(3, 2).smtpTimeout(Duration.ofSeconds(5))
            .maxMessageSize(256 * 1024));
    }

    @AfterAll
    void stopServer() {
        if (hospital != null) {
            hospital.close();
        }
    }

    @AfterEach
    void closeConnections() throws IOException {
        for (Socket socket : open) {
            socket.close();
        }
        open.clear();
    }

    /** A connection from {@code localAddress} (any 127.x address is this machine); returns its greeting line. */
    private Socket connect(String localAddress) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), hospital.settings.smtpPort(), InetAddress.getByName(localAddress), 0);
        socket.setSoTimeout(30_000);
        open.add(socket);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Waits until the server closes the connection (or it is quiet for 30 s); true when it closed. */
    private static boolean closedByServer(BufferedReader in) throws IOException {
        try {
            while (in.readLine() != null) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void aThirdConnectionFromOneAddressShouldBeAnswered421AndClosed() throws Exception {
        assertThat(reader(connect("127.0.0.11")).readLine()).startsWith("220");
        assertThat(reader(connect("127.0.0.11")).readLine()).startsWith("220");

        BufferedReader third = reader(connect("127.0.0.11"));
        assertThat(third.readLine()).startsWith("421 4.7.0").contains("Too many connections from your address");
        assertThat(closedByServer(third)).isTrue();

        assertThat(reader(connect("127.0.0.12")).readLine()).as("another address still gets in").startsWith("220");
    }

    @Test
    void aConnectionOverTheListenersLimitShouldBeAnswered421AndAFreedPlaceTakenAgain() throws Exception {
        List<Socket> first = List.of(connect("127.0.0.21"), connect("127.0.0.22"), connect("127.0.0.23"));
        for (Socket socket : first) {
            assertThat(reader(socket).readLine()).startsWith("220");
        }

        BufferedReader fourth = reader(connect("127.0.0.24"));
        assertThat(fourth.readLine()).startsWith("421 4.7.0").contains("Too many connections, try again later");
        assertThat(closedByServer(fourth)).isTrue();

        first.get(0).close();
        // The server counts the closed connection out as soon as it notices; a client tries again a moment later.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Socket again = connect("127.0.0.24");
            String greeting = reader(again).readLine();
            again.close();
            return greeting != null && greeting.startsWith("220");
        });
    }

    @Test
    void aClientSendingOneByteASecondShouldBeCutOffBeforeItsLineEnds() throws Exception {
        Socket socket = connect("127.0.0.31");
        BufferedReader in = reader(socket);
        assertThat(in.readLine()).startsWith("220");
        OutputStream out = socket.getOutputStream();
        byte[] line = "EHLO a-very-slow-client.example.test\r\n".getBytes(StandardCharsets.US_ASCII);

        int sent = 0;
        try {
            for (; sent < line.length && !socket.isClosed(); sent++) {
                out.write(line[sent]);
                out.flush();
                if (in.ready()) {
                    break;
                }
                Thread.sleep(1000);
            }
        } catch (IOException e) {
            // The server closed the connection while we wrote.
        }

        assertThat(sent).as("bytes sent before the server spoke").isLessThan(line.length);
        String reply = in.readLine();
        assertThat(reply).startsWith("421 4.4.2").contains("Timeout");
        assertThat(closedByServer(in)).isTrue();
    }

    @Test
    void aMessageOverTheSizeLimitShouldBeRefusedSayingSoWithOneReply() throws Exception {
        StringBuilder big = new StringBuilder("From: dr.grey@hospital.test\nTo: patient@outside.test\nSubject: Too big\n\n");
        while (big.length() < 300 * 1024) {
            big.append("x".repeat(76)).append('\n');
        }

        // RawSmtp sends QUIT after the end of DATA and expects 221: a second reply would fail it.
        String answer = RawSmtp.send(hospital.settings.smtpPort(), "dr.grey@hospital.test", List.of("patient@outside.test"),
            big.toString().getBytes(StandardCharsets.US_ASCII));

        assertThat(answer).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
    }

    /** Whether STARTTLS on {@code port} ({@code smtp} or {@code imap} dialogue), then a handshake offering only {@code suite}, succeeds. */
    private boolean startTlsWith(int port, boolean imap, String protocol, String suite) throws Exception {
        // Each from an address of its own; a place the server has not counted free yet is tried again.
        String local = "127.0.1." + (++tlsClients);
        for (int attempt = 0; ; attempt++) {
            try (Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(local), 0)) {
                plain.setSoTimeout(10_000);
                BufferedReader in = reader(plain);
                String greeting = in.readLine();
                if (greeting.startsWith("421") && attempt < 50) {
                    Thread.sleep(200);
                    continue;
                }
                return startTls(plain, in, port, imap, protocol, suite);
            }
        }
    }

    private static boolean startTls(Socket plain, BufferedReader in, int port, boolean imap, String protocol, String suite) throws Exception {
        OutputStream out = plain.getOutputStream();
        if (imap) {
            out.write("a1 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("a1 OK");
        } else {
            out.write("EHLO tls.test\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line;
            do {
                line = in.readLine();
            } while (line.startsWith("250-"));
            out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("220");
        }
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) javax.net.ssl.SSLContext.getDefault().getSocketFactory()
            .createSocket(plain, "localhost", port, false);
        tls.setEnabledProtocols(new String[] {protocol});
        tls.setEnabledCipherSuites(new String[] {suite});
        try {
            tls.startHandshake();
            return true;
        } catch (javax.net.ssl.SSLException e) {
            return false;
        }
    }

    @Test
    void smtpAndImapShouldOfferOnlyAeadCiphersAfterStartTls() throws Exception {
        int smtp = hospital.settings.smtpPort();
        int imap = hospital.settings.imapPort();
        try (CapturedLog log = new CapturedLog("org.apache.james.protocols.netty")) {
            for (int port : new int[] {smtp, hospital.settings.submissionPort(), imap}) {
                boolean isImap = port == imap;
                assertThat(startTlsWith(port, isImap, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")).as("GCM on " + port).isTrue();
                assertThat(startTlsWith(port, isImap, "TLSv1.3", "TLS_AES_256_GCM_SHA384")).as("TLS 1.3 on " + port).isTrue();
                assertThat(startTlsWith(port, isImap, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")).as("CBC on " + port).isFalse();
                assertThat(startTlsWith(port, isImap, "TLSv1.2", "TLS_RSA_WITH_AES_128_CBC_SHA256")).as("RSA CBC on " + port).isFalse();
                if (!isImap) {
                    // A client that cares to fail a handshake costs the SMTP log one WARN line, not an ERROR with a stack trace.
                    assertThat(log.events()).as("port " + port).noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR));
                }
            }
        }
    }

    @Test
    void anOrdinaryClientShouldStillBeServed() throws Exception {
        TestServers.relay(hospital.settings.smtpPort(), "dr.grey@hospital.test", "Within the limits", "hello", "patient@outside.test");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
            .until(() -> hospital.outside.receivedWith("Within the limits").size() == 1);
    }
}
