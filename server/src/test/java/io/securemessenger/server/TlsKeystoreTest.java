package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsKeystoreTest {
    @TempDir
    Path data;

    @Test
    void ensureShouldCreateAnOwnerOnlySelfSignedKeystoreForLocalhost() throws Exception {
        String password = TlsKeystore.ensure(data);

        Path keystore = data.resolve("tls/keystore.p12");
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls/keystore.password")))).isEqualTo("rw-------");
        X509Certificate certificate = (X509Certificate) TestCertificates.certificateOf(keystore, password, TlsKeystore.ALIAS);
        assertThat(certificate.getSubjectAlternativeNames()).anySatisfy(name -> assertThat(name.get(1)).isEqualTo("localhost"));
    }

    @Test
    void ensureShouldKeepTheKeystoreAcrossRestarts() throws Exception {
        String first = TlsKeystore.ensure(data);
        byte[] keystore = Files.readAllBytes(data.resolve("tls/keystore.p12"));

        assertThat(TlsKeystore.ensure(data)).isEqualTo(first);
        assertThat(Files.readAllBytes(data.resolve("tls/keystore.p12"))).isEqualTo(keystore);
    }

    @Test
    void ensureShouldRefuseAKeystoreItCannotOpen() throws Exception {
        TlsKeystore.ensure(data);
        Files.writeString(data.resolve("tls/keystore.password"), "wrong");

        assertThatThrownBy(() -> TlsKeystore.ensure(data)).isInstanceOf(IOException.class)
            .hasMessageContaining("cannot be opened with the password in keystore.password");
    }
}
