package io.securemessenger.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which recipients a mail reaches only through an automatic forward, with James' own (in-memory) recipient rewrite table. */
class AutomaticForwardTest {
    private MemoryRecipientRewriteTable rewrites;
    private AutomaticForward matcher;

    @BeforeEach
    void setUp() throws Exception {
        MemoryDomainList domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
            .defaultDomain(Domain.of("hospital.example")).build());
        rewrites = new MemoryRecipientRewriteTable();
        rewrites.setDomainList(domains);
        rewrites.setUsersRepository(MemoryUsersRepository.withVirtualHosting(domains));
        rewrites.setUserEntityValidator(org.apache.james.UserEntityValidator.NOOP);
        rewrites.setConfiguration(org.apache.james.rrt.api.RecipientRewriteTableConfiguration.DEFAULT_ENABLED);
        rewrites.addForwardMapping(MappingSource.fromUser("nurse", Domain.of("hospital.example")), "nurse.home@outside.example");
        matcher = new AutomaticForward(rewrites);
        matcher.init(FakeMatcherConfig.builder().matcherName("AutomaticForward").build());
    }

    private static FakeMail.Builder mail(String sender, String... recipients) throws Exception {
        return FakeMail.builder().name("m1").sender(sender).recipients(recipients)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Lab results").setText("x"));
    }

    private static Attribute addressedTo(String... addresses) {
        return new Attribute(AutomaticForward.ADDRESSED_TO, AttributeValue.of(java.util.Arrays.stream(addresses).map(AttributeValue::of)
            .collect(java.util.stream.Collectors.toList())));
    }

    @Test
    void aJamesForwardsTargetsShouldMatchWithTheAddresseeWhoseForwardItIsAsOwner() throws Exception {
        Mail forwarded = mail("someone@elsewhere.example", "nurse.home@outside.example")
            .attribute(addressedTo("dr.grey@hospital.example", "nurse@hospital.example")).build();

        Collection<MailAddress> matched = matcher.match(forwarded);

        assertThat(matched).extracting(MailAddress::asString).containsExactly("nurse.home@outside.example");
        assertThat(forwarded.getAttribute(AutomaticForward.OWNER).map(a -> (Object) a.getValue().value())).contains((Object) "nurse@hospital.example");
        assertThat(forwarded.getAttribute(AutomaticForward.KIND).map(a -> (Object) a.getValue().value())).contains((Object) "James forward");
    }

    @Test
    void mailToItsOwnAddresseesOrSplitAmongThemShouldNotBeAForward() throws Exception {
        assertThat(matcher.match(mail("dr.grey@hospital.example", "patient@outside.example", "Carer@Outside.Example")
            .attribute(addressedTo("patient@outside.example", "carer@outside.example")).build())).isEmpty();
        assertThat(matcher.match(mail("dr.grey@hospital.example", "patient@outside.example").build())).as("no note").isEmpty();
    }

    @Test
    void mailMarkedByItsOriginAsForwardedShouldMatchEveryRecipient() throws Exception {
        Mail exchange = mail("frontdesk@hospital.example", "partner@outside.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("X-MS-Exchange-Inbox-Rules-Loop", "frontdesk@hospital.example")
                .setSubject("Fwd").setText("x")).build();
        assertThat(matcher.match(exchange)).hasSize(1);
        assertThat(exchange.getAttribute(AutomaticForward.OWNER).map(a -> (Object) a.getValue().value())).contains((Object) "frontdesk@hospital.example");

        Mail autoSubmitted = mail("dr.grey@hospital.example", "me@gmail.example", "other@outside.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Auto-Submitted", "auto-forwarded").setSubject("x").setText("x"))
            .build();
        assertThat(matcher.match(autoSubmitted)).hasSize(2);
        assertThat(autoSubmitted.getAttribute(AutomaticForward.KIND).map(a -> (Object) a.getValue().value())).contains((Object) "Auto-Submitted: auto-forwarded");

        Mail exchangeFlag = mail("frontdesk@hospital.example", "partner@outside.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("X-MS-Exchange-Organization-AutoForwarded", "true")
                .setSubject("x").setText("x")).build();
        assertThat(matcher.match(exchangeFlag)).hasSize(1);
    }

    @Test
    void aSieveRedirectShouldMatchAndAnAutoReplyOrABounceShouldNot() throws Exception {
        Mail redirect = FakeMail.builder().name("redirect-Mail123").sender("someone@elsewhere.example").recipients("me@gmail.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Lab results").setText("x")).build();
        redirect.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
        assertThat(matcher.match(redirect)).hasSize(1);
        assertThat(redirect.getAttribute(AutomaticForward.OWNER)).isEmpty();

        Mail reply = mail("dr.grey@hospital.example", "patient@outside.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Auto-Submitted", "auto-replied").setSubject("Away").setText("x"))
            .build();
        assertThat(matcher.match(reply)).isEmpty();
        Mail bounce = FakeMail.builder().name("b").recipients("sender@outside.example").attribute(addressedTo("nurse@hospital.example"))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Undelivered").setText("x")).build();
        assertThat(matcher.match(bounce)).as("a DSN has no sender").isEmpty();
    }
}
