package io.securemessenger.server;

import java.nio.file.Path;

/** The outside server offers no STARTTLS at all: it must not get the mail in clear. */
class NoStartTlsDeliveryServerTest extends RefusedDeliveryContract {
    @Override
    ExternalSmtpServer outsideServer(int port, Path temp) {
        return ExternalSmtpServer.withoutTls(port);
    }
}
