package io.securemessenger.matchers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.mail.MessagingException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches the recipients outside the organisation: those whose domain is not one of James'
 * local domains, not a trusted domain (such as the Exchange domain), and not, when the sender
 * writes from a department domain, that same department domain.
 *
 * <pre>{@code
 * <mailet match="io.securemessenger.matchers.ExternalRecipientMatcher=trusted=exchange.example.org, *.corp.example.org; departments=radiology.example.org" ...>
 * }</pre>
 *
 * <p>Condition keys: {@code trusted} and {@code departments}, each a comma-separated list of
 * domains or {@code *.domain} patterns. See docs/admin/matchers.md.
 */
public class ExternalRecipientMatcher extends GenericMatcher {
    private final DomainList domainList;
    private DomainPatterns trusted;
    private DomainPatterns departments;

    @Inject
    public ExternalRecipientMatcher(DomainList domainList) {
        this.domainList = domainList;
    }

    @Override
    public void init() throws MessagingException {
        Condition condition = Condition.parse(getMatcherName(), getCondition(), Set.of("trusted", "departments"));
        trusted = patterns(condition, "trusted");
        departments = patterns(condition, "departments");
    }

    private static DomainPatterns patterns(Condition condition, String key) throws MessagingException {
        try {
            return DomainPatterns.parse(condition.list(key));
        } catch (IllegalArgumentException e) {
            throw condition.invalid(key, condition.value(key).orElse(""), "is invalid: " + e.getMessage());
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        Optional<String> senderDomain = mail.getMaybeSender().asOptional().map(s -> s.getDomain().asString());
        List<MailAddress> external = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (!isInternal(recipient.getDomain(), senderDomain)) {
                external.add(recipient);
            }
        }
        return external;
    }

    private boolean isInternal(Domain domain, Optional<String> senderDomain) throws MessagingException {
        String name = DomainPatterns.normalise(domain.asString());
        if (trusted.contains(name) || isLocal(domain, name)) {
            return true;
        }
        return departments.contains(name)
            && senderDomain.map(DomainPatterns::normalise).filter(name::equals).isPresent();
    }

    private boolean isLocal(Domain domain, String asciiName) throws MessagingException {
        try {
            if (domainList.containsDomain(domain) || domainList.containsDomain(Domain.of(asciiName))) {
                return true;
            }
            String unicodeName = java.net.IDN.toUnicode(asciiName, java.net.IDN.ALLOW_UNASSIGNED);
            return !unicodeName.equals(asciiName) && domainList.containsDomain(Domain.of(unicodeName));
        } catch (DomainListException e) {
            throw new MessagingException("Cannot read James' local domains", e);
        }
    }

    @Override
    public String getMatcherInfo() {
        return "Secure Messenger: recipients outside the organisation";
    }
}
