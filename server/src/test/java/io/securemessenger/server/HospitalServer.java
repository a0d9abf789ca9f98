package io.securemessenger.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import org.apache.james.utils.DataProbeImpl;

/**
 * What the server-level tests boot: the server as {@code ./secure-messenger run} starts it (local
 * domain hospital.test, relay from loopback), and "the outside": a test SMTP server with a
 * certificate for localhost that requires STARTTLS, where outside mail is sent. This JVM trusts
 * both certificates. Closing stops both and deletes the data directory.
 */
final class HospitalServer implements AutoCloseable {
    /** Settings beyond the defaults; {@code outsidePort} is where the outside test server listens. */
    interface Customise {
        Settings.Builder apply(Settings.Builder settings, int outsidePort);
    }

    /** A change to the rendered configuration before James starts. */
    interface BeforeStart {
        void apply(Settings settings) throws Exception;
    }

    final Path temp;
    final ExternalSmtpServer outside;
    SecureMessengerServer server;
    final Settings settings;

    private HospitalServer(Path temp, ExternalSmtpServer outside, SecureMessengerServer server, Settings settings) {
        this.temp = temp;
        this.outside = outside;
        this.server = server;
        this.settings = settings;
    }

    static HospitalServer start(String name, Customise settings, BeforeStart beforeStart) throws Exception {
        Path temp = Files.createTempDirectory("secure-messenger-" + name);
        int outsidePort = TestServers.freePort();
        KeyStore outsideKeys = TestCertificates.serverKeyStore("localhost");
        ExternalSmtpServer outside = new ExternalSmtpServer(outsidePort, TestCertificates.sslContext(outsideKeys));
        Settings built = settings.apply(TestServers.settings(temp, outsidePort).relayNetworks(List.of("127.0.0.0/8")), outsidePort).build();
        SecureMessengerServer server = SecureMessengerServer.prepare(built);
        beforeStart.apply(built);
        TestServers.trustOutsideAndServer(temp, outsideKeys, built);
        server.start();
        return new HospitalServer(temp, outside, server, built);
    }

    static HospitalServer start(String name, Customise settings) throws Exception {
        return start(name, settings, built -> { });
    }

    void addUsers(String password, String... addresses) throws Exception {
        DataProbeImpl data = server.james().getProbe(DataProbeImpl.class);
        for (String address : addresses) {
            data.addUser(address, password);
        }
    }

    /** Stops James and starts a new one on the same data directory, as after {@code ./secure-messenger run} again. */
    void restart() throws Exception {
        server.stop();
        server = SecureMessengerServer.prepare(settings);
        server.start();
    }

    @Override
    public void close() {
        server.stop();
        outside.close();
        org.apache.commons.io.FileUtils.deleteQuietly(temp.toFile());
    }
}
