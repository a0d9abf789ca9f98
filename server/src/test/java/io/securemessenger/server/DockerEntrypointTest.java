package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entry point (docker/entrypoint.sh) prepares James' home as the Dockerfile lays it
 * out: a TLS key store on first start, kept on the next; its password in the SMTP and IMAP
 * configuration; the domain and the vault settings from the environment. (Building and running
 * the image itself needs a Docker engine.)
 */
class DockerEntrypointTest {
    @TempDir
    Path root;

    @Test
    void theEntryPointShouldPrepareJamesHomeFromTheEnvironmentAndKeepItsKeyStore() throws Exception {
        Path conf = root.resolve("conf");
        FileUtils.copyDirectory(Path.of("..", "james-conf").toFile(), conf.toFile());
        FileUtils.copyDirectory(Path.of("..", "docker", "conf").toFile(), conf.toFile());

        prepare();
        String password = Files.readString(root.resolve("tls/keystore.password"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(root.resolve("tls/keystore.p12"))) {
            keys.load(in, password.toCharArray());
        }
        assertThat(keys.isKeyEntry("james")).isTrue();
        assertThat(Files.readString(conf.resolve("smtpserver.xml"))).contains("<secret>" + password + "</secret>").doesNotContain("changeit");
        assertThat(Files.readString(conf.resolve("imapserver.xml"))).contains("<secret>" + password + "</secret>");
        assertThat(Files.readString(conf.resolve("domainlist.xml")))
            .contains("<domainname>hospital.example</domainname>").contains("<defaultDomain>hospital.example</defaultDomain>");
        Properties properties = new Properties();
        properties.load(Files.newBufferedReader(conf.resolve("secure-messenger.properties"), StandardCharsets.UTF_8));
        assertThat(properties.getProperty("portal.url")).isEqualTo("https://secure.hospital.example");
        assertThat(properties.getProperty("vault.db.url")).isEqualTo("jdbc:postgresql://vault-db:5432/vault");
        assertThat(properties.getProperty("notifier.address")).isEqualTo("secure-messenger@hospital.example");
        assertThat(Files.readString(conf.resolve("james-database.properties"))).contains("jdbc:derby:/root/var/store/derby");

        prepare();
        assertThat(Files.readString(root.resolve("tls/keystore.password"))).isEqualTo(password);
        assertThat(Files.readString(conf.resolve("smtpserver.xml"))).contains("<secret>" + password + "</secret>");
    }

    private void prepare() throws Exception {
        ProcessBuilder entrypoint = new ProcessBuilder(List.of("sh", Path.of("..", "docker", "entrypoint.sh").toString()))
            .redirectErrorStream(true);
        entrypoint.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        entrypoint.environment().put("JAMES_ROOT", root.toString());
        entrypoint.environment().put("JAMES_EXEC", "false");
        entrypoint.environment().put("SM_DOMAIN", "hospital.example");
        entrypoint.environment().put("SM_PORTAL_URL", "https://secure.hospital.example");
        entrypoint.environment().put("SM_VAULT_DB_URL", "jdbc:postgresql://vault-db:5432/vault");
        Process process = entrypoint.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
