package io.securemessenger.matchers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import javax.mail.MessagingException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExternalRecipientMatcherTest {
    private MemoryDomainList domains;

    @BeforeEach
    void setUp() throws Exception {
        // No DNS is consulted: auto-detection is off.
        domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
            .defaultDomain(Domain.of("hospital.example")).build());
        domains.addDomain(Domain.of("klinik-münchen.example"));
    }

    private ExternalRecipientMatcher matcher(String condition) throws MessagingException {
        ExternalRecipientMatcher matcher = new ExternalRecipientMatcher(domains);
        matcher.init(FakeMatcherConfig.builder().matcherName("ExternalRecipientMatcher").condition(condition).build());
        return matcher;
    }

    private Collection<MailAddress> external(String condition, String sender, String... recipients) throws Exception {
        return matcher(condition).match(FakeMail.builder().name("m").sender(sender).recipients(recipients).build());
    }

    @Test
    void matchShouldReturnOnlyRecipientsOutsideLocalAndTrustedDomains() throws Exception {
        assertThat(external("trusted=exchange.example", "dr@hospital.example",
            "nurse@hospital.example", "boss@exchange.example", "patient@gmail.example"))
            .containsExactly(new MailAddress("patient@gmail.example"));
    }

    @Test
    void matchShouldCompareDomainsCaseInsensitively() throws Exception {
        assertThat(external("trusted=Exchange.Example", "dr@hospital.example", "a@HOSPITAL.example", "b@EXCHANGE.EXAMPLE")).isEmpty();
    }

    @Test
    void matchShouldCompareInternationalisedDomainsInTheirAsciiForm() throws Exception {
        assertThat(external("trusted=bücher.example", "dr@hospital.example", "a@xn--bcher-kva.example")).isEmpty();
        // James' local domain was added in its Unicode form; mail arrives with the ASCII form.
        assertThat(external("", "dr@hospital.example", "a@xn--klinik-mnchen-3ob.example")).isEmpty();
    }

    @Test
    void wildcardsShouldOnlyApplyWhereWrittenAndOnlyToSubdomains() throws Exception {
        assertThat(external("trusted=*.corp.example", "dr@hospital.example", "a@lab.corp.example", "b@corp.example", "c@evilcorp.example"))
            .containsExactly(new MailAddress("b@corp.example"), new MailAddress("c@evilcorp.example"));
        assertThat(external("trusted=corp.example", "dr@hospital.example", "a@lab.corp.example"))
            .containsExactly(new MailAddress("a@lab.corp.example"));
    }

    @Test
    void departmentMailShouldStayInternalOnlyWithinTheSameDepartment() throws Exception {
        String condition = "departments=radiology.example, labs.example";
        assertThat(external(condition, "tech@radiology.example", "doc@radiology.example")).isEmpty();
        assertThat(external(condition, "tech@radiology.example", "doc@labs.example"))
            .containsExactly(new MailAddress("doc@labs.example"));
        assertThat(external(condition, "someone@gmail.example", "doc@radiology.example"))
            .containsExactly(new MailAddress("doc@radiology.example"));
    }

    @Test
    void nullSenderShouldNotMakeDepartmentsInternal() throws Exception {
        ExternalRecipientMatcher m = matcher("departments=radiology.example");
        assertThat(m.match(FakeMail.builder().name("bounce").recipients("doc@radiology.example").build())).hasSize(1);
    }

    @Test
    void initShouldRefuseWildcardsOtherThanALeadingLabel() {
        assertThatThrownBy(() -> matcher("trusted=*")).hasMessageContaining("trusted=*");
        assertThatThrownBy(() -> matcher("trusted=*example.org")).hasMessageContaining("*example.org");
        assertThatThrownBy(() -> matcher("trusted=ex*.org")).hasMessageContaining("ex*.org");
    }
}
