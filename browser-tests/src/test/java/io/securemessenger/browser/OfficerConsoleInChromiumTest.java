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
    private static final String DOCTOR = PortalInChromiumTest.DOCTOR;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void anOfficerShouldEnrolTheirSecondFactorReadAndExportTheAuditTrailAndSignInAgainWithARecoveryCode() throws Exception {
        Path downloads = Files.createDirectories(work.resolve("downloads"));
        try (OutsideMailServer outside = new OutsideMailServer();
             LauncherProcess server = new LauncherProcess(work, outside.port, List.of("--officers", OFFICER + ",ciso@hospital.test"));
             Chromium chromium = new Chromium(Files.createDirectories(work.resolve("profile")), downloads)) {
            server.awaitReady(PATIENCE);
            server.addUser(DOCTOR, "correct horse battery staple");
            server.addUser(OFFICER, OFFICER_PASSWORD);
            PortalInChromiumTest.sendSecureMail(server);
            // A mail without a trigger word whose body trips the DLP policy: sealed, and an incident.
            javax.mail.internet.MimeMessage dlp = PortalInChromiumTest.fromDoctor(server, "billing@outside.test", "Follow-up");
            dlp.setText("Please update the record of SSN 536-22-8845.", "UTF-8");
            javax.mail.Transport.send(dlp);
            await().atMost(PATIENCE).until(() -> outside.received.stream().anyMatch(r -> r.recipients.contains("billing@outside.test")));
            WebDriver browser = chromium.driver;
            String portal = "https://localhost:" + server.portalPort;
            // The patient reads the message first; then they sign out and the officer uses the same browser.
            PortalInChromiumTest.registerAndRead(chromium, PortalInChromiumTest.notificationLink(outside, server), false);
            browser.findElement(By.cssSelector("nav button")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/sign-in"));

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

            // The sealed message, found by its recipient: who read it and when, then recalled.
            browser.findElement(By.linkText("Sealed messages")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/officer/messages"));
            browser.findElement(By.id("recipient")).sendKeys(PortalInChromiumTest.PATIENT);
            browser.findElement(By.cssSelector("form.filter button")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("recipient="));
            assertThat(browser.findElement(By.cssSelector("table.list tbody")).getText()).contains(DOCTOR).contains("Lab results")
                .contains(PortalInChromiumTest.PATIENT + ": Retrieved");
            chromium.check("officer-messages");
            browser.findElement(By.cssSelector("table.list tbody a")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("Who opened it"));
            assertThat(browser.findElement(By.tagName("main")).getText()).contains(PortalInChromiumTest.PATIENT + " opened the message")
                .doesNotContain("potassium");
            // A new notification, with a new link: the outside server gets it, and the first link stops working.
            String firstLink = PortalInChromiumTest.notificationLink(outside, server);
            browser.findElement(By.xpath("//button[text()='Send " + PortalInChromiumTest.PATIENT + " a new notification']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("A new notification is on its way"));
            await().atMost(PATIENCE).until(() -> outside.received.stream().filter(r -> r.recipients.contains(PortalInChromiumTest.PATIENT))
                .count() == 2);
            String notice = outside.received.stream().filter(r -> r.recipients.contains(PortalInChromiumTest.PATIENT)).skip(1).findFirst()
                .orElseThrow().raw.replace("=\r\n", "").replace("=3D", "=");
            java.util.regex.Matcher secondLink = java.util.regex.Pattern.compile(portal + "/m/[A-Za-z0-9_-]{43}").matcher(notice);
            assertThat(secondLink.find()).isTrue();
            assertThat(secondLink.group()).isNotEqualTo(firstLink);
            assertThat(notice).doesNotContain("potassium");
            browser.findElement(By.xpath("//button[text()='Recall for every recipient']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("Recalled for 1 recipient(s)"));
            chromium.check("officer-message");
            // Emergency access: a reason, then the content; the sender (and the other officer) are told by mail.
            browser.findElement(By.id("reason")).sendKeys("The patient's new physician needs the results tonight; Dr Grey is away.");
            browser.findElement(By.xpath("//button[text()='Open the content in an emergency']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("You opened this message in an emergency"));
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Your potassium is normal").contains("lab-report.pdf");
            chromium.check("officer-emergency");
            javax.mail.Message emergencyNotice = PortalInChromiumTest.awaitInbox(server, "Emergency access to a secure message by " + OFFICER);
            assertThat(emergencyNotice.getContent().toString()).contains("Dr Grey is away").doesNotContain("potassium").doesNotContain("Lab results");
            browser.findElement(By.linkText("Compliance console")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/officer"));

            // The DLP incident the second mail caused: rule, place, masked sample, action; never the number.
            browser.findElement(By.linkText("DLP incidents")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/officer/incidents"));
            String incidents = browser.findElement(By.tagName("main")).getText();
            assertThat(incidents).contains("hipaa: ssn").contains("***-**-8845").contains("sealed").contains("hospital.test")
                .doesNotContain("536-22-8845");
            chromium.check("officer-incidents");
            browser.findElement(By.linkText("Compliance console")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/officer"));

            // Today's activity: two messages sealed, one read, one recalled.
            browser.findElement(By.linkText("Activity report")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/officer/reports"));
            String today = java.time.LocalDate.now().toString();
            // Sealed, notified (the patient twice: the resent notification, recorded once the sink answered), retrieved,
            // unread, expired, undeliverable, replied, recalled.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                browser.navigate().refresh();
                return browser.findElement(By.xpath("//tbody/tr[th[contains(., '" + today + "')]]")).getText();
            }, row -> row.matches(".*" + today + " 2 3 1 1 0 0 0 1"));
            chromium.check("officer-reports");
            browser.findElement(By.linkText("Compliance console")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/officer"));

            // The policy in force, as the server read it at start-up: printed, then certified.
            browser.findElement(By.linkText("The policy in force")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/officer/policy"));
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("ePHI:, PHI:, Secure:").contains("DLP policy hipaa")
                .contains(OFFICER).contains("has not been certified yet");
            chromium.check("officer-policy");
            browser.findElement(By.xpath("//button[text()='I have reviewed this policy and certify it']")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getPageSource().contains("You certified this policy"));
            browser.findElement(By.linkText("Compliance console")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/officer"));

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
            assertThat(trail).contains("SECOND_FACTOR_ENROL").contains("MESSAGE_SEARCH").contains("MESSAGE_LOOKUP").contains("RECALL")
                .contains("INCIDENT_SEARCH").contains("NOTIFY").contains("POLICY_VIEW").contains("CERTIFY").contains("REPORT_VIEW").contains("EMERGENCY_ACCESS")
                .contains("AUDIT_SEARCH").contains("AUDIT_EXPORT").contains("RECOVERY_CODE_USED");
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
