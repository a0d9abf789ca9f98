package io.securemessenger.browser;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/** The internet, as far as the test is concerned: an SMTP server that keeps what it is sent. */
final class OutsideMailServer implements AutoCloseable {
    /** One message as received: envelope recipients and raw text. */
    static final class Received {
        final List<String> recipients;
        final String raw;

        Received(List<String> recipients, String raw) {
            this.recipients = recipients;
            this.raw = raw;
        }
    }

    final int port;
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final SMTPServer server;

    OutsideMailServer() throws IOException {
        this.port = LauncherProcess.freePort();
        this.server = SMTPServer.port(port).hostName("localhost").bindAddress(InetAddress.getLoopbackAddress())
            .messageHandlerFactory(context -> new MessageHandler() {
                private final List<String> recipients = new ArrayList<>();

                @Override
                public void from(String from) {
                }

                @Override
                public void recipient(String recipient) {
                    recipients.add(recipient);
                }

                @Override
                public String data(InputStream data) throws IOException {
                    received.add(new Received(List.copyOf(recipients), new String(data.readAllBytes(), StandardCharsets.UTF_8)));
                    return null;
                }

                @Override
                public void done() {
                }
            })
            .build();
        server.start();
    }

    @Override
    public void close() {
        server.stop();
    }
}
