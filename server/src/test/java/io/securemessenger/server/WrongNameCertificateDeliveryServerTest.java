package io.securemessenger.server;

import java.nio.file.Path;
import java.security.KeyStore;

/** STARTTLS with a certificate this JVM trusts, but for another name than the one we connect to. */
class WrongNameCertificateDeliveryServerTest extends RefusedDeliveryContract {
    @Override
    ExternalSmtpServer outsideServer(int port, Path temp) throws Exception {
        KeyStore keys = TestCertificates.serverKeyStore("elsewhere.test");
        TestCertificates.trustOnly(temp.resolve("trust.p12"), keys.getCertificate("server"));
        return new ExternalSmtpServer(port, TestCertificates.sslContext(keys));
    }
}
