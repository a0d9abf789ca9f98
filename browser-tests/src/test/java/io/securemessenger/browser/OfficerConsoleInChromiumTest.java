package io.securemessenger.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The compliance officer in a real browser against the packaged launcher started with
 * {@code --officers}: password, then enrolment of the second factor from the page's secret (as an
 * authenticator app would), the recovery codes, the console, the audit trail filtered and exported,
 * and the next sign-in with a recovery code. axe-core checks every officer page; the screenshots
 * (target/screenshots) are those of docs/admin/officer.md.
 */
class OfficerConsoleInChromiumTest {
    private static final String OFFICER = "privacy.officer@hospital.test";
    private static final String OFFICER_PASSWORD = "officer's directory password";
    private static final String DOCTOR = "dr.grey@hospital.test";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void anOfficerShouldEnrolTheirSecondFactorReadAndExportTheAuditTrailAndSignInAgainWithARecoveryCode() throws Exception {
        Path downloads = Files.createDirectories(work.resolve("downloads"));
        try (OutsideMailServer outside = new OutsideMailServer();
             LauncherProcess server = new LauncherProcess(work, outside.port, List.of("--officers", OFFICER));
             Chromium chromium = new Chromium(Files.createDirectories(work.resolve("profile")), downloads)) {
            server.awaitReady(PATIENCE);
            server.addUser(DOCTOR, "correct horse battery staple");
            server.addUser(OFFICER, OFFICER_PASSWORD);
            PortalInChromiumTest.sendSecureMail(server);
            await().atMost(PATIENCE).until(() -> !outside.received.isEmpty());
            WebDriver browser = chromium.driver;
            String portal = "https://localhost:" + server.portalPort;

            signIn(browser, portal);
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/officer/enrol"));
            chromium.check("officer-enrol");
            byte[] secret = new Base32().decode(browser.findElement(By.cssSelector("code.secret")).getText().replace(" ", ""));
            browser.findElement(By.id("code")).sendKeys(code(secret, Instant.now()));
            browser.findElement(By.cssSelector("main button[type=submit]")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("Your recovery codes"));
            chromium.check("officer-recovery-codes");
            List<String> recoveryCodes = browser.findElements(By.cssSelector("ul.codes code")).stream().map(WebElement::getText)
                .collect(Collectors.toList());
            assertThat(recoveryCodes).hasSize(10);

            browser.findElement(By.linkText("Continue to the compliance console")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/officer"));
            assertThat(browser.getPageSource()).contains("Audit trail intact");
            chromium.check("officer-console");

            browser.findElement(By.linkText("Audit trail")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/officer/audit"));
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("action"))).selectByVisibleText("SEAL");
            browser.findElement(By.cssSelector("form.filter button")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("action=SEAL"));
            assertThat(browser.findElement(By.cssSelector("table.list tbody")).getText()).contains("SEAL").contains(DOCTOR)
                .doesNotContain("SIGN_IN");
            chromium.check("officer-audit");

            browser.findElement(By.partialLinkText("Export these records")).click();
            Path export = downloads.resolve("audit-trail.jsonl");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(export) && Files.size(export) > 0);
            List<String> lines = Files.readAllLines(export);
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).contains("\"action\":\"SEAL\"").contains("\"hash\":"));
            assertThat(String.join("\n", lines)).doesNotContain("potassium").doesNotContain("Lab results");

            browser.findElement(By.cssSelector("nav button")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/sign-in"));
            signIn(browser, portal);
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/officer/second-factor"));
            browser.findElement(By.tagName("summary")).click();
            chromium.check("officer-second-factor");
            browser.findElement(By.id("recovery")).sendKeys(recoveryCodes.get(0));
            browser.findElement(By.xpath("//button[text()='Continue with a recovery code']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/officer"));
            assertThat(browser.getPageSource()).contains("You have 9 recovery codes left");

            browser.get(portal + "/officer/audit?actor=" + OFFICER);
            String trail = browser.findElement(By.cssSelector("table.list tbody")).getText();
            assertThat(trail).contains("SECOND_FACTOR_ENROL").contains("AUDIT_SEARCH").contains("AUDIT_EXPORT").contains("RECOVERY_CODE_USED");
        }
    }

    private static void signIn(WebDriver browser, String portal) {
        browser.get(portal + "/sign-in");
        browser.findElement(By.id("email")).sendKeys(OFFICER);
        browser.findElement(By.id("password")).sendKeys(OFFICER_PASSWORD);
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
    }

    /** What the officer's authenticator app shows at {@code time}. */
    private static String code(byte[] secret, Instant time) throws Exception {
        return new TimeBasedOneTimePasswordGenerator().generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"), time);
    }
}
