package io.securemessenger.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CAs every TLS client of the server trusts: the system's (the JDK's {@code cacerts}, or what
 * {@code javax.net.ssl.trustStore} names) plus the organisation's own, from {@code --trust-store}
 * ({@code SM_TRUST_STORE}): a PEM bundle or a PKCS#12 file. Installed as the JVM's default TLS
 * context before James starts, it is what outbound SMTP, the internal smarthost, the LDAP directory
 * and PostgreSQL ({@link #postgresqlUrl}) verify their peers with.
 */
public final class TrustStore {
    private static final Pattern PG_VERIFYING = Pattern.compile("[?&]sslmode=verify-(ca|full)(&|$)");

    private final List<X509Certificate> added;
    private final SSLContext context;

    private TrustStore(List<X509Certificate> added, SSLContext context) {
        this.added = added;
        this.context = context;
    }

    /**
     * Reads {@code file}: PEM certificates ({@code -----BEGIN CERTIFICATE-----}, any number) or a
     * PKCS#12 store of certificates, opened with {@code password} when given, else with an empty one.
     */
    public static TrustStore load(Path file, Optional<char[]> password) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("--trust-store " + file + " cannot be read");
        }
        byte[] content = Files.readAllBytes(file);
        List<X509Certificate> certificates = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.ISO_8859_1)
            .contains("-----BEGIN ") ? pem(file, content) : pkcs12(file, content, password);
        if (certificates.isEmpty()) {
            throw new IOException("--trust-store " + file + " holds no certificate");
        }
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (X509Certificate system : systemTrust().getAcceptedIssuers()) {
                trusted.setCertificateEntry("system-" + i++, system);
            }
            i = 0;
            for (X509Certificate own : certificates) {
                trusted.setCertificateEntry("added-" + i++, own);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return new TrustStore(List.copyOf(certificates), context);
        } catch (GeneralSecurityException e) {
            throw new IOException("--trust-store " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * What {@code --trust-store FILE} means: the file read (a PKCS#12 file with the password in
     * {@code SM_TRUST_STORE_PASSWORD}, if set) and installed as the JVM's default TLS trust.
     */
    public static void install(Path file) throws IOException {
        load(file, Optional.ofNullable(System.getenv("SM_TRUST_STORE_PASSWORD")).filter(p -> !p.isEmpty()).map(String::toCharArray))
            .installAsDefault();
    }

    /** Makes these CAs the JVM's default TLS trust, for every client that does not bring its own. */
    public void installAsDefault() {
        SSLContext.setDefault(context);
    }

    /** The organisation's certificates read from the file (the system's are not listed). */
    public List<X509Certificate> added() {
        return added;
    }

    /**
     * A PostgreSQL JDBC URL that verifies its server with the JVM's default trust (this store) rather
     * than libpq's {@code ~/.postgresql/root.crt}: when the URL asks for {@code sslmode=verify-ca} or
     * {@code verify-full} and names neither an {@code sslfactory} nor an {@code sslrootcert}.
     */
    public static String postgresqlUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!PG_VERIFYING.matcher(lower).find() || lower.contains("sslfactory=") || lower.contains("sslrootcert=")) {
            return url;
        }
        return url + "&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory";
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return (X509TrustManager) manager;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    private static List<X509Certificate> pem(Path file, byte[] content) throws IOException {
        try (InputStream in = new ByteArrayInputStream(content)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : read) {
                certificates.add((X509Certificate) c);
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IOException("--trust-store " + file + " is not a PEM bundle of certificates: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> pkcs12(Path file, byte[] content, Optional<char[]> password) throws IOException {
        KeyStore store;
        try (InputStream in = new ByteArrayInputStream(content)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password.orElse(new char[0]));
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException("--trust-store " + file + " is neither a PEM bundle nor a PKCS#12 file this password opens "
                + "(SM_TRUST_STORE_PASSWORD): " + e.getMessage(), e);
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (String alias : java.util.Collections.list(store.aliases())) {
                Certificate c = store.getCertificate(alias);
                if (c instanceof X509Certificate) {
                    certificates.add((X509Certificate) c);
                }
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IOException("--trust-store " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
