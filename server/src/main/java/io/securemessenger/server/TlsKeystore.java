package io.securemessenger.server;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS key and certificate of the SMTP and IMAP listeners: {@code DATA/tls/keystore.p12} with
 * its password in {@code DATA/tls/keystore.password}, both readable by the owner only. Created
 * self-signed on first start; an operator replaces both files with the organisation's own.
 */
public final class TlsKeystore {
    static final String JAMES_URL = "file://tls/keystore.p12";
    static final String ALIAS = "secure-messenger";

    private TlsKeystore() {
    }

    /** Makes sure the keystore exists and returns its password. */
    public static String ensure(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("tls");
        Path keystore = dir.resolve("keystore.p12");
        Path passwordFile = dir.resolve("keystore.password");
        if (Files.exists(keystore)) {
            if (!Files.exists(passwordFile)) {
                throw new IOException(keystore + " exists but its password file " + passwordFile + " does not");
            }
            String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            check(keystore, password);
            return password;
        }
        DataDirectory.createPrivateDirectory(dir);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        DataDirectory.ownerOnly(passwordFile, "rw-------");
        try (OutputStream out = Files.newOutputStream(keystore)) {
            selfSigned(password).store(out, password.toCharArray());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("Cannot create the TLS keystore " + keystore, e);
        }
        DataDirectory.ownerOnly(keystore, "rw-------");
        return password;
    }

    private static void check(Path keystore, String password) throws IOException {
        try (var in = Files.newInputStream(keystore)) {
            KeyStore.getInstance("PKCS12").load(in, password.toCharArray());
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("The TLS keystore " + keystore + " cannot be opened with the password in keystore.password", e);
        }
    }

    private static KeyStore selfSigned(String password) throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        KeyPair pair = generator.generateKeyPair();
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        try {
            names.add(InetAddress.getLocalHost().getCanonicalHostName());
        } catch (IOException e) {
            // No resolvable host name: localhost only.
        }
        GeneralName[] altNames = names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new);
        X500Name subject = new X500Name("CN=" + names.iterator().next() + ", O=Secure Messenger (self-signed)");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
            new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(825))), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        X509Certificate certificate = new JcaX509CertificateConverter()
            .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, pair.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
        return store;
    }
}
