package io.securemessenger.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.securemessenger.portal.Browser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's department rules (UCSF's "Considerations for non-Exchange customers"), through SMTP
 * as the department's own mail server hands mail over: Radiology to Radiology and to an Exchange
 * user stays in clear; to Clinical Labs (another of the organisation's servers) and to the outside it
 * is secured — over verified TLS, or sealed when triggered; an outside recipient's portal reply to
 * an Exchange sender reaches the sender in clear over the internal route. Trusted (Exchange) and
 * department mail leave through the internal smarthost, here the same test server as the outside.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedRoutingServerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String RADIOLOGIST = "rad.doc@radiology.test";
    private static final String RADIOLOGY_TECH = "ct.tech@radiology.test";
    private static final String EXCHANGE_USER = "dr.house@exchange.test";
    private static final String LAB = "lab.tech@labs.test";

    private HospitalServer hospital;
    private ExternalSmtpServer outside;
    private Settings settings;

    @BeforeAll
    void start() throws Exception {
        hospital = HospitalServer.start("seed-routing", (s, outsidePort) -> s.trustedDomains(List.of("exchange.test"))
            .departmentDomains(List.of("radiology.test", "labs.test"))
            .internalSmarthost(Optional.of(HostPort.parse("localhost:" + outsidePort))));
        outside = hospital.outside;
        settings = hospital.settings;
    }

    @AfterAll
    void stop() {
        if (hospital != null) {
            hospital.close();
        }
    }

    @Test
    void radiologyToRadiologyShouldStayInClearEvenWithATriggerWord() throws Exception {
        String marker = marker();
        TestServers.relay(settings.smtpPort(), RADIOLOGY_TECH, "PHI: CT follow-up " + marker, "Nodule stable at 4 mm " + marker, RADIOLOGIST);

        ExternalSmtpServer.Received mail = awaitFor(marker, RADIOLOGIST);
        assertThat(mail.raw).contains("Nodule stable at 4 mm " + marker);
        assertThat(mail.message.getSubject()).doesNotStartWith("Secure message from");
    }

    @Test
    void radiologyToAnExchangeUserShouldStayInClear() throws Exception {
        String marker = marker();
        TestServers.relay(settings.smtpPort(), RADIOLOGIST, "PHI: Report for your patient " + marker, "No acute findings " + marker, EXCHANGE_USER);

        assertThat(awaitFor(marker, EXCHANGE_USER).raw).contains("No acute findings " + marker);
    }

    @Test
    void radiologyToClinicalLabsShouldBeSecured() throws Exception {
        String plain = marker();
        TestServers.relay(settings.smtpPort(), RADIOLOGIST, "Courier times " + plain, "Pick-up at 3 " + plain, LAB);
        // Untriggered: as external mail, only over STARTTLS with a verified certificate (the test server
        // accepts mail only after STARTTLS).
        assertThat(awaitFor(plain, LAB).raw).contains("Pick-up at 3 " + plain);

        String triggered = marker();
        TestServers.relay(settings.smtpPort(), RADIOLOGIST, "PHI: Specimen 17 " + triggered, "Biopsy for histology " + triggered, LAB);
        ExternalSmtpServer.Received notice = awaitFor(triggered, LAB);
        assertThat(notice.message.getSubject()).startsWith("Secure message from");
        assertThat(notice.raw).contains(settings.portalUrl() + "/m/").doesNotContain("Biopsy for histology");
    }

    @Test
    void radiologyToTheOutsideShouldBeSealedWhenTriggered() throws Exception {
        String marker = marker();
        String patient = "p-" + UUID.randomUUID() + "@outside.test";
        TestServers.relay(settings.smtpPort(), RADIOLOGIST, "PHI: Your MRI " + marker, "Unchanged since March " + marker, patient);

        ExternalSmtpServer.Received notice = awaitFor(marker, patient);
        assertThat(notice.raw).contains(settings.portalUrl() + "/m/").doesNotContain("Unchanged since March");
    }

    @Test
    void anOutsideRecipientsPortalReplyShouldReachTheExchangeSenderInClear() throws Exception {
        String marker = marker();
        String patient = "p-" + UUID.randomUUID() + "@outside.test";
        TestServers.relay(settings.smtpPort(), "Dr Gregory House <" + EXCHANGE_USER + ">", "PHI: Lupus panel " + marker,
            "Your ANA is negative " + marker, patient);
        String token = link(awaitFor(marker, patient));

        Browser browser = new Browser(javax.net.ssl.SSLContext.getDefault(), settings.portalPort());
        browser.get("/m/" + token);
        browser.get("/register");
        browser.post("/register", "first", "Pat", "last", "Jones", "password", "quiet river over stones", "confirm", "quiet river over stones",
            "hint", "water and rocks");
        String messagePath = browser.location().orElseThrow();
        browser.get(messagePath);
        assertThat(browser.text()).contains("Your ANA is negative " + marker);
        browser.post(messagePath + "/reply", "body", "Relieved, thank you " + marker, "action", "reply");
        assertThat(browser.last.statusCode()).isEqualTo(303);

        await().atMost(PATIENCE).until(() -> outside.received().stream()
            .anyMatch(r -> r.envelopeTo.equals(EXCHANGE_USER) && r.raw.contains("Relieved, thank you " + marker)));
        assertThat(outside.received()).filteredOn(r -> r.raw.contains("Relieved, thank you " + marker))
            .extracting(r -> r.envelopeTo).containsOnly(EXCHANGE_USER);
    }

    private ExternalSmtpServer.Received awaitFor(String marker, String recipient) {
        await().atMost(PATIENCE).until(() -> outside.receivedWith(marker).stream().anyMatch(r -> r.envelopeTo.equals(recipient)));
        return outside.receivedWith(marker).stream().filter(r -> r.envelopeTo.equals(recipient)).findFirst().orElseThrow();
    }

    private String link(ExternalSmtpServer.Received notice) {
        Matcher m = Pattern.compile(Pattern.quote(settings.portalUrl() + "/m/") + "([A-Za-z0-9_-]{43})").matcher(notice.raw);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String marker() {
        return "m-" + UUID.randomUUID();
    }
}
